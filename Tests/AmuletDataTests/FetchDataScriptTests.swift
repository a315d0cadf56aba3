import AmuletData
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `scripts/fetch-data` against a local HTTP server (python3 -m http.server on 127.0.0.1)
/// serving small files in the real formats: verified files are installed, a file whose
/// SHA-256 differs or that the server lacks is named and not installed, and nothing
/// half-written stays behind.
@Suite(.serialized) struct FetchDataScriptTests {
    /// Starts the server on a free port in `folder`; returns it and its port.
    func server(serving folder: URL, log: URL) throws -> (ChildProcess, Int) {
        let process = try ChildProcess(
            path: "/usr/bin/env",
            arguments: [
                "python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory",
                folder.path,
            ],
            environment: ProcessInfo.processInfo.environment, directory: folder.path,
            output: log.path)
        // The server prints "Serving HTTP on 127.0.0.1 port N (…)" once it listens.
        for _ in 0..<200 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "port "),
                let port = Int(text[range.upperBound...].prefix { $0.isNumber })
            {
                return (process, port)
            }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        process.send(SIGTERM)
        _ = process.exitStatus(waiting: true)
        throw CocoaError(.fileReadUnknown)
    }

    func sha256(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { SHA256.hex(of: $0) }
    }

    /// Runs the script with `arguments`; returns its status, standard output and error.
    func fetch(_ arguments: [String], data: URL, manifest: URL) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments =
            [TestSupport.packageRoot().appendingPathComponent("scripts/fetch-data").path]
            + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["AMULET_DATA": data.path, "AMULET_MANIFEST": manifest.path],
            uniquingKeysWith: { _, new in new })
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }

    @Test func fetchesVerifiesAndRefusesFromALocalServer() throws {
        let root = try FormatWriters.temporaryFolder("fetch")
        defer { try? FileManager.default.removeItem(at: root) }
        let served = root.appendingPathComponent("served")
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        // An MNIST-style gzipped IDX file and a CIFAR-style tar.gz, as published.
        let idx = FormatWriters.gzip(
            FormatWriters.idx(magic: 0x0803, sizes: [1, 2, 2], values: [0, 64, 128, 255]))
        let archive = FormatWriters.gzip(
            FormatWriters.tar([
                ("cifar-10-batches-bin/test_batch.bin", [3] + Array(repeating: 9, count: 3072))
            ]))
        let tampered = FormatWriters.gzip(Array("not the published bytes".utf8))
        try Data(idx).write(to: served.appendingPathComponent("train-images-idx3-ubyte.gz"))
        try Data(archive).write(to: served.appendingPathComponent("cifar-10-binary.tar.gz"))
        try Data(tampered).write(to: served.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
        let (process, port) = try server(
            serving: served, log: root.appendingPathComponent("server.log"))
        defer {
            process.send(SIGTERM)
            _ = process.exitStatus(waiting: true)
        }
        let base = "http://127.0.0.1:\(port)"
        let manifest = root.appendingPathComponent("manifest.txt")
        let lines = [
            "t-train-images-idx3-ubyte.gz|\(sha256(idx))|\(base)/train-images-idx3-ubyte.gz||||",
            "t-binary.tar.gz|\(sha256(archive))|\(base)/cifar-10-binary.tar.gz||||",
            // The digest of other bytes: what the server sends is not the published file.
            "t-t10k-images-idx3-ubyte.gz|\(sha256(idx))|\(base)/t10k-images-idx3-ubyte.gz||||",
            "t-missing.gz|\(sha256(idx))|\(base)/missing.gz||||",
            "other.gz|\(sha256(idx))|\(base)/train-images-idx3-ubyte.gz||||",
        ]
        try Data((["BEGIN MANIFEST"] + lines + ["END MANIFEST"]).joined(separator: "\n").utf8)
            .write(to: manifest)

        let (status, out, err) = try fetch(["t"], data: data, manifest: manifest)
        #expect(status == 1, "\(out)\(err)")
        let installed = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        // Only the verified files; `other.gz` was not asked for; no partial files remain.
        #expect(installed == ["t-binary.tar.gz", "t-train-images-idx3-ubyte.gz"], "\(installed)")
        #expect(
            try Data(contentsOf: data.appendingPathComponent("t-train-images-idx3-ubyte.gz"))
                == Data(idx))
        #expect(out.contains("t-binary.tar.gz ok (\(base)/cifar-10-binary.tar.gz)"), "\(out)")
        #expect(
            err.contains(
                "t-t10k-images-idx3-ubyte.gz from \(base)/t10k-images-idx3-ubyte.gz has "
                    + "SHA-256 \(sha256(tampered))"), "\(err)")
        #expect(err.contains("could not get t-missing.gz"), "\(err)")
        // What was installed is readable by the parsers.
        let bytes = try [UInt8](Data(contentsOf: data.appendingPathComponent("t-binary.tar.gz")))
        let tar = try Gzip.decompress(bytes, file: "t-binary.tar.gz")
        #expect(
            try TarReader.members(tar, file: "t").map(\.name) == [
                "cifar-10-batches-bin/test_batch.bin"
            ])

        // A second run finds the verified file and fetches nothing.
        let (again, againOut, _) = try fetch(
            ["t-train-images-idx3-ubyte.gz"], data: data, manifest: manifest)
        #expect(again == 0)
        #expect(againOut.contains("t-train-images-idx3-ubyte.gz ok (already there)"), "\(againOut)")
    }

    @Test func theRealImageEntriesRejectBytesThatAreNotThePublishedFiles() throws {
        // The manifest's own MNIST, Fashion-MNIST and CIFAR-10 lines, with their hosts pointed
        // at the local server: the small files it serves are not the published ones, so each
        // is refused by its SHA-256 and nothing is installed.
        let root = try FormatWriters.temporaryFolder("fetch-real")
        defer { try? FileManager.default.removeItem(at: root) }
        let served = root.appendingPathComponent("served")
        let data = root.appendingPathComponent("data")
        let entries = DataManifest.entries.filter {
            ["mnist-", "fmnist-", "cifar10-"].contains(where: $0.file.hasPrefix)
        }
        #expect(entries.count == 9)
        for entry in entries {
            guard let url = URL(string: entry.upstream) else { continue }
            try FormatWriters.write(
                FormatWriters.gzip(Array(url.path.utf8)),
                to: served.appendingPathComponent(url.path))
        }
        let (process, port) = try server(
            serving: served, log: root.appendingPathComponent("server.log"))
        defer {
            process.send(SIGTERM)
            _ = process.exitStatus(waiting: true)
        }
        let lines = entries.compactMap { entry -> String? in
            guard let url = URL(string: entry.upstream) else { return nil }
            return "\(entry.file)|\(entry.sha256)|http://127.0.0.1:\(port)\(url.path)||||"
        }
        let manifest = root.appendingPathComponent("manifest.txt")
        try Data((["BEGIN MANIFEST"] + lines + ["END MANIFEST"]).joined(separator: "\n").utf8)
            .write(to: manifest)
        let (status, _, err) = try fetch(
            ["mnist", "fmnist", "cifar10"], data: data, manifest: manifest)
        #expect(status == 1)
        for entry in entries {
            #expect(err.contains("\(entry.file) from http://127.0.0.1:\(port)"), "\(entry.file)")
            #expect(err.contains("expected \(entry.sha256)"))
        }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: data.path))?.isEmpty ?? true)
    }
}
