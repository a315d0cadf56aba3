import AmuletData

extension Scenario {
    /// Every how-many-th member the defender has verified by hand (one in ten).
    public static let trustedMemberStride = 10

    /// Indices into `data.train` of members the defender has verified: a clean validation set.
    ///
    /// Data-valuation defenses (KNN-Shapley outlier removal) need a small clean set to value
    /// training rows against (Jia et al., VLDB 2019). It must not be the test split (the
    /// metrics are measured there) nor the adversary's data (membership inference uses it), so
    /// it is every `trustedMemberStride`-th member, in member order (the member split is already
    /// a seeded random sample). Poisoning attacks never touch these rows; they stay members and
    /// are trained on like the others.
    public var trustedMemberIndices: [Int] {
        stride(from: 0, to: memberIndices.count, by: Self.trustedMemberStride).map {
            memberIndices[$0]
        }
    }

    /// Indices into `data.train` of members a poisoning adversary may alter: all but the trusted.
    public var poisonableMemberIndices: [Int] {
        memberIndices.indices.filter { $0 % Self.trustedMemberStride != 0 }.map {
            memberIndices[$0]
        }
    }
}
