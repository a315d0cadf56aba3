import AmuletData
import AmuletTensor

/// Where valid inputs live: every feature in [0, 1], and, for tabular data, one-hot groups
/// that hold one category (or none: the encoder drops each column's first level).
///
/// `box` only clips to [0, 1], as IBM ART does, so an adversarial row may be half "Private"
/// and half "Self-emp": not a real person. `unbounded` does not even clip: the Python Amulet
/// calls cleverhans' PGD without `clip_min`/`clip_max`, so a one-hot 0 may become −ε, which
/// gives that attack twice the room on every zero feature (half of Adult's). `tabular` also
/// projects every one-hot group to its nearest valid point after each step: the category
/// whose value exceeds ½ and is largest, else none (the nearest of {0, e₁, …, e_k} in L2).
public struct FeatureDomain: Sendable, Equatable {
    /// One-hot groups as (first column, width).
    public var oneHotGroups: [(start: Int, width: Int)]
    /// Whether features are clipped to [0, 1].
    public var clipsToUnitBox: Bool

    /// Domains are equal when their clipping and their groups' columns are.
    public static func == (left: FeatureDomain, right: FeatureDomain) -> Bool {
        left.clipsToUnitBox == right.clipsToUnitBox
            && left.oneHotGroups.map(\.start) == right.oneHotGroups.map(\.start)
            && left.oneHotGroups.map(\.width) == right.oneHotGroups.map(\.width)
    }

    /// A box-only domain (no one-hot projection).
    public static let box = FeatureDomain(oneHotGroups: [])

    /// No constraint at all: only the ε-ball bounds the perturbation (cleverhans without
    /// clip_min and clip_max, as the Python Amulet runs it).
    public static let unbounded = FeatureDomain(oneHotGroups: [], clipsToUnitBox: false)

    /// A domain with the given one-hot groups.
    public init(oneHotGroups: [(start: Int, width: Int)], clipsToUnitBox: Bool = true) {
        self.oneHotGroups = oneHotGroups
        self.clipsToUnitBox = clipsToUnitBox
    }

    /// The one-hot groups of a tabular dataset: runs of columns named `column=level`.
    public init(tabular dataset: Dataset) {
        var groups: [(Int, Int)] = []
        var start = 0
        let names = dataset.featureNames
        while start < names.count {
            guard let equals = names[start].firstIndex(of: "=") else {
                start += 1
                continue
            }
            let prefix = names[start][..<equals]
            var end = start + 1
            while end < names.count, names[end].hasPrefix(prefix + "=") { end += 1 }
            groups.append((start, end - start))
            start = end
        }
        self.init(oneHotGroups: groups)
    }

    /// Clips `x` to [0, 1] and projects each one-hot group of each row to a valid category.
    public func project(_ x: inout Matrix) {
        guard clipsToUnitBox || !oneHotGroups.isEmpty else { return }
        x.storage.withUnsafeMutableBufferPointer { values in
            if clipsToUnitBox {
                for i in values.indices { values[i] = min(1, max(0, values[i])) }
            }
            guard !oneHotGroups.isEmpty else { return }
            for r in 0..<x.rows {
                let base = r * x.cols
                for (start, width) in oneHotGroups {
                    var best = -1
                    var bestValue: Float = 0.5
                    for c in start..<(start + width) where values[base + c] > bestValue {
                        best = c
                        bestValue = values[base + c]
                    }
                    for c in start..<(start + width) { values[base + c] = c == best ? 1 : 0 }
                }
            }
        }
    }
}
