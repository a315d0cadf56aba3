import AmuletTensor

extension Conv2D {
    /// ∂L/∂W += Σᵦ cᵦ·Gᵦ·Pᵦᵀ and ∂L/∂b += Σᵦ cᵦ·Σ_positions Gᵦ (cᵦ = 1 without a row scale).
    ///
    /// Per chunk of images: the columns are unrolled again from the cached input, the output
    /// gradient gathered (and scaled) into one block G, and G·Pᵀ is one product whose inner
    /// size is the chunk's positions. Each half of the batch sums into its own partial; the
    /// partials are added in a fixed order, so the bits do not depend on the cores.
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        let g = cachedOutputGradient
        let x = cachedInput
        let batch = g.rows
        let geometry = geometry
        let plan = Plan(geometry, outputChannels: outputChannels, batch: batch)
        let (positions, pixels) = (plan.positions, inputShape.pixelCount)
        let (outC, patch, wOffset, bOffset) = (
            outputChannels, patchSize, parameterOffset, biasOffset
        )
        precondition(
            x.rows == batch && x.cols == pixels && g.cols == outC * positions,
            "Conv2D: backward without a matching training forward")
        precondition(rowScale.map { $0.count == batch } ?? true, "Conv2D: scales for another batch")
        reserveWorkspace(plan)
        let scales = rowScale ?? []
        x.storage.withUnsafeBufferPointer { xp in
            g.storage.withUnsafeBufferPointer { gp in
                scales.withUnsafeBufferPointer { sp in
                    workspace.withUnsafeMutableBufferPointer { wp in
                        guard let xs = xp.baseAddress, let gs = gp.baseAddress,
                            let work = wp.baseAddress
                        else { return }
                        let scale = rowScale == nil ? nil : sp.baseAddress
                        plan.forEachHalf(batch: batch) { half, images in
                            let columns = work + half * plan.halfSize
                            let weightPart = columns + plan.weightOffset
                            let biasPart = columns + plan.biasOffset
                            weightPart.update(repeating: 0, count: outC * patch)
                            biasPart.update(repeating: 0, count: outC)
                            plan.forEachChunk(of: images) { start, count in
                                let width = count * positions
                                Self.im2col(
                                    images: xs, start: start, count: count, into: columns, geometry)
                                let block = Self.gather(
                                    gs, images: start, count: count, channels: outC,
                                    positions: positions, scales: scale,
                                    into: columns + plan.productOffset)
                                Matrix.gemmRaw(
                                    m: outC, n: patch, k: width, alpha: 1,
                                    a: block, lda: width, transposeA: false,
                                    b: columns, ldb: width, transposeB: true,
                                    beta: 1, c: weightPart, ldc: patch)
                                for c in 0..<outC {
                                    biasPart[c] += SIMDKernels.sum(block + c * width, count: width)
                                }
                            }
                        }
                    }
                }
            }
        }
        let parts = plan.halves ? 2 : 1
        workspace.withUnsafeBufferPointer { wp in
            gradients.withUnsafeMutableBufferPointer { dp in
                guard let work = wp.baseAddress, let d = dp.baseAddress else { return }
                for half in 0..<parts {
                    let area = work + half * plan.halfSize
                    SIMDKernels.accumulate(
                        area + plan.weightOffset, into: d + wOffset, count: outC * patch)
                    SIMDKernels.accumulate(area + plan.biasOffset, into: d + bOffset, count: outC)
                }
            }
        }
    }

    /// ‖Gᵦ·Pᵦᵀ‖² + ‖Σ_positions Gᵦ‖² for each sample b: each sample's weight gradient is formed
    /// in its half's scratch (out × C·k·k) from the chunk's columns, so memory stays
    /// O(out·C·k·k) whatever the batch.
    ///
    /// Reference: Rochette, Manoel & Tramel, "Efficient Per-Example Gradient Computations in
    /// Convolutional Neural Networks", arXiv:1912.06015 (2019).
    public mutating func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {
        let g = cachedOutputGradient
        let x = cachedInput
        let batch = g.rows
        let geometry = geometry
        let plan = Plan(geometry, outputChannels: outputChannels, batch: batch)
        let (positions, pixels) = (plan.positions, inputShape.pixelCount)
        let (outC, patch) = (outputChannels, patchSize)
        precondition(batch == norms.count, "Conv2D: norms for another batch")
        precondition(
            x.rows == batch && x.cols == pixels && g.cols == outC * positions,
            "Conv2D: backward without a matching training forward")
        reserveWorkspace(plan)
        x.storage.withUnsafeBufferPointer { xp in
            g.storage.withUnsafeBufferPointer { gp in
                norms.withUnsafeMutableBufferPointer { np in
                    workspace.withUnsafeMutableBufferPointer { wp in
                        guard let xs = xp.baseAddress, let gs = gp.baseAddress,
                            let n = np.baseAddress, let work = wp.baseAddress
                        else { return }
                        plan.forEachHalf(batch: batch) { half, images in
                            let columns = work + half * plan.halfSize
                            let scratch = columns + plan.weightOffset
                            plan.forEachChunk(of: images) { start, count in
                                let width = count * positions
                                Self.im2col(
                                    images: xs, start: start, count: count, into: columns, geometry)
                                for t in 0..<count {
                                    let image = gs + (start + t) * outC * positions
                                    Matrix.gemmRaw(
                                        m: outC, n: patch, k: positions, alpha: 1,
                                        a: image, lda: positions, transposeA: false,
                                        b: columns + t * positions, ldb: width, transposeB: true,
                                        beta: 0, c: scratch, ldc: patch)
                                    var total = SIMDKernels.squaredNorm(
                                        scratch, count: outC * patch)
                                    for c in 0..<outC {
                                        let sum = SIMDKernels.sum(
                                            image + c * positions, count: positions)
                                        total += sum * sum
                                    }
                                    n[start + t] += total
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
