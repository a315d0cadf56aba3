import AmuletRisks

/// Which of a command's declared models each share of a sharded run trains ahead of time, so
/// the share that owns the command's unit loads most of them instead of training them all.
///
/// The declared models that can be trained ahead (`Workbench.pretrainingKey`), once each by
/// key in declaration order, are dealt round-robin starting with the share after the owner:
/// share `s` sits at position `(s − owner − 1) mod N`, and takes model `j` when
/// `j mod N` equals its position. The owner sits last, so it gets the fewest models and the
/// latest ones; the others start on theirs while it trains its own.
struct PretrainingDeal {
    /// The models that can be trained ahead, deduplicated by key, in declaration order.
    let models: [ModelTraining]
    /// The share that owns the command's unit.
    let owner: Int

    /// The deal of `declared` for a command owned by share `owner`.
    init(_ declared: [ModelTraining], scenario: Scenario, owner: Int) {
        var seen: Set<String> = []
        models = declared.filter { training in
            guard let key = Workbench.pretrainingKey(training, scenario: scenario) else {
                return false
            }
            return seen.insert(key).inserted
        }
        self.owner = owner
    }

    /// Where `share` sits in the deal: 0 right after the owner, `count − 1` for the owner.
    func position(of share: ShardAssignment) -> Int {
        ((share.index - owner - 1) % share.count + share.count) % share.count
    }

    /// The models `share` trains.
    func part(of share: ShardAssignment) -> [ModelTraining] {
        let position = position(of: share)
        return models.indices.filter { $0 % share.count == position }.map { models[$0] }
    }
}
