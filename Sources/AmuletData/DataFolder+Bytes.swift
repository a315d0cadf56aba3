import Foundation

extension DataFolder {
    /// The split of dataset `name` built from the bytes of the verified raw `files` (binary
    /// formats: IDX, CIFAR records), memoised in `cache` under the files' SHA-256 and
    /// `parameters` as the text form is.
    public func memoisedBinarySplit(
        _ name: String, files: [String], parameters: String,
        build: (_ bytes: [[UInt8]], _ digests: [String]) throws(DataError) -> DataSplit
    ) throws(DataError) -> DataSplit {
        var digests: [String] = []
        var contents: [Data] = []
        for file in files {
            let (data, digest) = try readVerifiedData(file)
            contents.append(data)
            digests.append(digest)
        }
        let bytes = { contents.map { [UInt8]($0) } }
        guard let cache else { return try build(bytes(), digests) }
        let key = DatasetCache.key(dataset: name, sourceDigests: digests, parameters: parameters)
        return try cache.split(key: key) { () throws(DataError) in try build(bytes(), digests) }
            .split
    }
}
