import CBLAS

/// Which OpenBLAS this process runs on, as OpenBLAS reports it.
///
/// Numbers are bit-identical only on the same OpenBLAS build and CPU (it picks its kernels by
/// CPU), so `amulet --version` prints both.
public enum BLASBuild {
    /// OpenBLAS's build options, such as `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …`
    /// (`openblas_get_config`).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text).trimmingSpaces()
    }

    /// The kernel set OpenBLAS chose for this CPU, such as `Haswell` (`openblas_get_corename`).
    public static var coreName: String {
        guard let text = openblas_get_corename() else { return "unknown" }
        return String(cString: text).trimmingSpaces()
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
