import AmuletTensor

extension Conv2D {
    /// The shapes and sizes im2col and col2im need, copied out of the layer so they can run
    /// while one of its workspaces is borrowed.
    struct Geometry {
        var input: ImageShape
        var output: ImageShape
        var kernel: Int
        var padding: Int
        var stride: Int
        var patchSize: Int { input.channels * kernel * kernel }
    }

    /// The output columns ox whose input column ox·s + j − p lies inside the image, as a
    /// half-open range (empty when none does).
    static func validColumns(_ j: Int, _ geometry: Geometry) -> (Int, Int) {
        let (s, offset) = (geometry.stride, j - geometry.padding)
        // ox·s + offset ≥ 0  ⇔  ox ≥ ⌈−offset / s⌉;  ox·s + offset ≤ W − 1.
        let low = offset >= 0 ? 0 : (-offset + s - 1) / s
        let last = geometry.input.width - 1 - offset
        let high = last < 0 ? 0 : min(geometry.output.width, last / s + 1)
        return (min(low, high), high)
    }

    /// The layer's geometry.
    var geometry: Geometry {
        Geometry(
            input: inputShape, output: outputShape, kernel: kernelSize, padding: padding,
            stride: stride)
    }

    /// Lays out images start..<start + count of the batch at `x` side by side in one column
    /// block `count · positions` wide: image t's columns start at column t · positions.
    static func im2col(
        images x: UnsafePointer<Float>, start: Int, count: Int,
        into columns: UnsafeMutablePointer<Float>, _ geometry: Geometry
    ) {
        let (positions, pixels) = (geometry.output.planeSize, geometry.input.pixelCount)
        for t in 0..<count {
            im2col(
                image: x + (start + t) * pixels, into: columns + t * positions,
                rowStride: count * positions, geometry)
        }
    }

    /// Unrolls one image's receptive fields into a column block: entry
    /// [(c·k + i)·k + j, y·W′ + x] (at `columns + row·rowStride + column`) is pixel
    /// (c, y·s + i − p, x·s + j − p), or 0 in the padding.
    ///
    /// Every entry is written (zeros included), so `columns` can be a reused workspace; with
    /// `rowStride` = n·H′·W′ the blocks of n images sit side by side, one product's operand.
    /// Stride-1 runs are copied whole. x: (C·H·W)  →  block: (C·k·k, H′·W′).
    static func im2col(
        image x: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>,
        rowStride: Int, _ geometry: Geometry
    ) {
        let (shape, out, k, pad, s) = (
            geometry.input, geometry.output, geometry.kernel, geometry.padding, geometry.stride
        )
        var row = 0
        for c in 0..<shape.channels {
            let plane = x + c * shape.planeSize
            for i in 0..<k {
                for j in 0..<k {
                    let (low, high) = Self.validColumns(j, geometry)
                    var target = columns + row * rowStride
                    for oy in 0..<out.height {
                        let y = oy * s + i - pad
                        guard y >= 0 && y < shape.height, low < high else {
                            target.update(repeating: 0, count: out.width)
                            target += out.width
                            continue
                        }
                        let source = y * shape.width + j - pad
                        for ox in 0..<low { target[ox] = 0 }
                        if s == 1 {
                            Self.copy(plane + (source + low), into: target + low, count: high - low)
                        } else {
                            for ox in low..<high { target[ox] = plane[source + ox * s] }
                        }
                        for ox in high..<out.width { target[ox] = 0 }
                        target += out.width
                    }
                    row += 1
                }
            }
        }
    }

    /// The adjoint of `im2col` for one image: adds each entry of a column block back onto the
    /// pixel it was read from.
    ///
    /// block: (C·k·k, H′·W′) at `columns` with `rowStride`  →  adds into ∂x: (C·H·W).
    static func col2im(
        _ columns: UnsafePointer<Float>, rowStride: Int,
        into inputGradient: UnsafeMutablePointer<Float>, _ geometry: Geometry
    ) {
        let (shape, out, k, pad, s) = (
            geometry.input, geometry.output, geometry.kernel, geometry.padding, geometry.stride
        )
        var row = 0
        for c in 0..<shape.channels {
            let plane = inputGradient + c * shape.planeSize
            for i in 0..<k {
                for j in 0..<k {
                    let (low, high) = Self.validColumns(j, geometry)
                    var source = columns + row * rowStride
                    for oy in 0..<out.height {
                        let y = oy * s + i - pad
                        if y >= 0 && y < shape.height && low < high {
                            let target = y * shape.width + j - pad
                            if s == 1 {
                                SIMDKernels.accumulate(
                                    source + low, into: plane + (target + low), count: high - low)
                            } else {
                                for ox in low..<high { plane[target + ox * s] += source[ox] }
                            }
                        }
                        source += out.width
                    }
                    row += 1
                }
            }
        }
    }

    /// Copies `count` floats in 8-lane SIMD chunks: the runs of im2col are a few dozen floats,
    /// too short to pay for a call to `memmove`.
    @inline(__always)
    static func copy(
        _ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            SIMDKernels.store(SIMDKernels.load(source + i), target + i)
            i &+= 8
        }
        while i < count {
            target[i] = source[i]
            i &+= 1
        }
    }
}
