import Glibc

/// Elementary functions from the C library, named so hot loops read plainly.
public enum Math {
    /// e^x in Float.
    @inlinable public static func exp(_ x: Float) -> Float { Glibc.expf(x) }
    /// e^x in Double.
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    /// Natural logarithm in Float.
    @inlinable public static func log(_ x: Float) -> Float { Glibc.logf(x) }
    /// Natural logarithm in Double.
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    /// log(1 + x) in Double, accurate for small x.
    @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    /// Cosine in Double.
    @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    /// Sine in Double.
    @inlinable public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    /// The complementary error function.
    @inlinable public static func erfc(_ x: Double) -> Double { Glibc.erfc(x) }
    /// log Γ(x).
    @inlinable public static func lgamma(_ x: Double) -> Double { Glibc.lgamma(x) }
}

/// e^x in Float (internal shorthand for the softmax loop).
@inlinable func expf(_ x: Float) -> Float { Glibc.expf(x) }
