import AmuletLang
import AmuletTensor

/// What `amulet --version` prints: the release, the build's digest and the OpenBLAS build.
///
/// Results are bit-identical only for the same program and OpenBLAS build on the same CPU,
/// so a bug report or a CI log quoting this line says what produced its numbers.
enum ProgramInfo {
    /// The release number, raised with each published change of the language or its results.
    static let release = "0.1.0"

    /// Three lines: `amulet 0.1.0`, the executable's SHA-256, OpenBLAS's configuration.
    static var versionText: String {
        """
        amulet \(release)
        build sha256 \(ProgramVersion.current)
        \(BLASBuild.configuration) (kernels: \(BLASBuild.coreName))
        """
    }
}
