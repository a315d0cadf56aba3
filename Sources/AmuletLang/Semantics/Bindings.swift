/// A table of names (variables or defs) that a cell can change on a copy in O(1) per change.
///
/// A cell runs on a copy of the session and commits it only on success. With a plain
/// `Dictionary`, the copy's first write duplicates the whole table, so a script of n `let`s
/// with distinct names costs O(n²). Here a copy shares the settled `base` and writes into a
/// small `changes` overlay (nil marks a removed name); `settle()`, called once the copy is the
/// session again, folds the overlay into the base, in place when nothing else holds it.
/// Lookups check the overlay, then the base: O(1) either way.
public struct Bindings<Element: Sendable>: Sendable {
    /// The names settled by earlier cells.
    private var base: [String: Element] = [:]
    /// This cell's changes: a value, or nil for a name it removed.
    private var changes: [String: Element?] = [:]

    /// An empty table.
    public init() {}

    /// The value bound to `name`, or nil; setting nil removes the name.
    public subscript(name: String) -> Element? {
        get {
            if let changed = changes[name] { return changed }
            return base[name]
        }
        set { changes[name] = .some(newValue) }
    }

    /// Every bound name, in no particular order.
    public var keys: [String] {
        var names = base.keys.filter { changes[$0] == nil }
        for (name, value) in changes where value != nil { names.append(name) }
        return names
    }

    /// Whether no name is bound.
    public var isEmpty: Bool { keys.isEmpty }

    /// Folds the overlay into the base.
    ///
    /// O(changes) when this copy is the base's only holder.
    public mutating func settle() {
        guard !changes.isEmpty else { return }
        for (name, value) in changes {
            if let value { base[name] = value } else { base[name] = nil }
        }
        changes.removeAll()
    }
}
