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

    /// Unrolls receptive fields into column matrices, one per image: entry
    /// [b·C·k·k + (c·k + i)·k + j, y·W′ + x] is pixel (c, y·s + i − p, x·s + j − p) of image b,
    /// or 0 in the padding.
    ///
    /// Every entry is written (zeros included), so `columns` can be a reused workspace.
    /// x: (batch, C·H·W)  →  columns: (batch·C·k·k, H′·W′).
    static func im2col(_ input: Matrix, into columns: inout Matrix, _ geometry: Geometry) {
        let (shape, out, k, pad, s) = (
            geometry.input, geometry.output, geometry.kernel, geometry.padding, geometry.stride
        )
        let positions = out.planeSize
        columns.resize(rows: input.rows * geometry.patchSize, cols: positions)
        input.storage.withUnsafeBufferPointer { x in
            columns.storage.withUnsafeMutableBufferPointer { p in
                var row = 0
                for b in 0..<input.rows {
                    let image = b * shape.pixelCount
                    for c in 0..<shape.channels {
                        let plane = image + c * shape.planeSize
                        for i in 0..<k {
                            for j in 0..<k {
                                var target = row * positions
                                for oy in 0..<out.height {
                                    let y = oy * s + i - pad
                                    guard y >= 0 && y < shape.height else {
                                        for _ in 0..<out.width {
                                            p[target] = 0
                                            target += 1
                                        }
                                        continue
                                    }
                                    let source = plane + y * shape.width + j - pad
                                    let (low, high) = Self.validColumns(j, geometry)
                                    for ox in 0..<low { p[target + ox] = 0 }
                                    if s == 1 {
                                        for ox in low..<high { p[target + ox] = x[source + ox] }
                                    } else {
                                        for ox in low..<high {
                                            p[target + ox] = x[source + ox * s]
                                        }
                                    }
                                    for ox in high..<out.width { p[target + ox] = 0 }
                                    target += out.width
                                }
                                row += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col` for one image: adds each column entry back onto the pixel it
    /// was read from.
    ///
    /// ∂P: (C·k·k, H′·W′)  →  adds into row `image` of ∂x: (batch, C·H·W).
    static func col2im(
        _ columnGradient: Matrix, image: Int, into inputGradient: inout Matrix,
        _ geometry: Geometry
    ) {
        let (shape, out, k, pad, s) = (
            geometry.input, geometry.output, geometry.kernel, geometry.padding, geometry.stride
        )
        let positions = out.planeSize
        columnGradient.storage.withUnsafeBufferPointer { p in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                var row = 0
                for c in 0..<shape.channels {
                    let plane = image * shape.pixelCount + c * shape.planeSize
                    for i in 0..<k {
                        for j in 0..<k {
                            var source = row * positions
                            for oy in 0..<out.height {
                                let y = oy * s + i - pad
                                guard y >= 0 && y < shape.height else {
                                    source += out.width
                                    continue
                                }
                                let target = plane + y * shape.width + j - pad
                                let (low, high) = Self.validColumns(j, geometry)
                                for ox in low..<high { dx[target + ox * s] += p[source + ox] }
                                source += out.width
                            }
                            row += 1
                        }
                    }
                }
            }
        }
    }
}
