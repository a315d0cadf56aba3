import AmuletTensor

extension Conv2D {
    /// Unrolls receptive fields into rows: P[b·positions + (y·W′ + x), c·k·k + i·k + j] is
    /// pixel (c, y + i − p, x + j − p) of image b, or 0 in the padding.
    ///
    /// x: (batch, C·H·W)  →  P: (batch·H′·W′, C·k·k).
    func im2col(_ input: Matrix) -> Matrix {
        let (shape, out, k, pad) = (inputShape, outputShape, kernelSize, padding)
        let patch = patchSize
        let positions = out.planeSize
        var patches = Matrix(rows: input.rows * positions, cols: patch)
        input.storage.withUnsafeBufferPointer { x in
            patches.storage.withUnsafeMutableBufferPointer { p in
                for b in 0..<input.rows {
                    let image = b * shape.pixelCount
                    for oy in 0..<out.height {
                        for ox in 0..<out.width {
                            var column = (b * positions + oy * out.width + ox) * patch
                            for c in 0..<shape.channels {
                                let plane = image + c * shape.planeSize
                                for i in 0..<k {
                                    let y = oy + i - pad
                                    let rowInside = y >= 0 && y < shape.height
                                    for j in 0..<k {
                                        let xx = ox + j - pad
                                        if rowInside && xx >= 0 && xx < shape.width {
                                            p[column] = x[plane + y * shape.width + xx]
                                        }
                                        column += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return patches
    }

    /// The adjoint of `im2col`: adds each patch entry back onto the pixel it was read from.
    ///
    /// ∂P: (batch·H′·W′, C·k·k)  →  ∂x: (batch, C·H·W).
    func col2im(_ patchGradient: Matrix, batch: Int) -> Matrix {
        let (shape, out, k, pad) = (inputShape, outputShape, kernelSize, padding)
        let patch = patchSize
        let positions = out.planeSize
        var inputGradient = Matrix(rows: batch, cols: shape.pixelCount)
        patchGradient.storage.withUnsafeBufferPointer { p in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                for b in 0..<batch {
                    let image = b * shape.pixelCount
                    for oy in 0..<out.height {
                        for ox in 0..<out.width {
                            var column = (b * positions + oy * out.width + ox) * patch
                            for c in 0..<shape.channels {
                                let plane = image + c * shape.planeSize
                                for i in 0..<k {
                                    let y = oy + i - pad
                                    let rowInside = y >= 0 && y < shape.height
                                    for j in 0..<k {
                                        let xx = ox + j - pad
                                        if rowInside && xx >= 0 && xx < shape.width {
                                            dx[plane + y * shape.width + xx] += p[column]
                                        }
                                        column += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
