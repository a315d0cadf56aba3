import AmuletData

/// `load images dir=… [attributes=… label=… sensitive=[…]] size=… channels=… normalize=… bad=…`:
/// PNG and JPEG files, a folder per class or a folder and an attribute table.
public enum ImagesPlugin: DatasetPlugin {
    static let directory = OptionalParameter<String>(
        "dir", type: .path, required: true,
        doc: "the image folder: one sub-folder per class, or the images a table lists")
    static let attributes = OptionalParameter<String>(
        "attributes", type: .path,
        doc: "an attribute table: CelebA's list_attr_celeba.txt, LFW's lfw_attributes.txt, or a "
            + "CSV whose first column is the image path")
    static let label = OptionalParameter<String>(
        "label", doc: "the table column that is the class (such as Smiling)")
    static let sensitive = Parameter<[String]>(
        "sensitive", default: [], doc: "table columns that become sensitive attributes ([Male])")
    static let size = Parameter<Int>(
        "size", default: 0, range: 0...1024,
        doc: "resample every image to size×size (0: keep the size; all must then agree)")
    static let channels = Parameter<Int>(
        "channels", default: 3, range: 1...3, doc: "1 (grey) or 3 (RGB)")

    /// How pixel values are scaled.
    public enum NormalizationName: String, ParameterChoice {
        /// [0, 1].
        case unit
        /// [−1, 1].
        case symmetric
        /// Zero mean, unit variance per channel.
        case standard
    }

    /// What to do with a bad image.
    public enum BadChoice: String, ParameterChoice {
        /// Fail, naming the image.
        case error
        /// Leave it out and count it.
        case skip
    }

    static let normalize = Parameter<NormalizationName>(
        "normalize", default: .unit,
        doc: "unit ([0, 1]), symmetric ([−1, 1]) or standard (per-channel z-scores)")
    static let bad = Parameter<BadChoice>(
        "bad", default: .error,
        doc: "error: an unreadable, damaged or odd-sized image fails the load, named; skip: it "
            + "is left out and counted")

    public static let spec = PluginSpec(
        name: "images", kind: .dataset,
        summary: "your own PNG/JPEG images: a folder per class, or a folder and an attribute "
            + "table (CelebA, LFW)",
        risk: .utility,
        explanation: "Decodes PNG and JPEG files with libpng and libjpeg-turbo. Either dir= holds "
            + "one sub-folder of images per class (the folder names, sorted, are the classes), "
            + "or attributes= names a table of the images in dir= (CelebA's "
            + "list_attr_celeba.txt, LFW's lfw_attributes.txt with person/imagenum rows, or a "
            + "CSV whose first column is the path) and label= picks the class column; ±1 or "
            + "real-valued columns are split at 0. sensitive=[Male] makes table columns "
            + "sensitive attributes (CelebA's Male; LFW's Male, White, Black, Asian). size= "
            + "resamples (area-averaging when shrinking), channels= picks grey or RGB, and "
            + "normalize= scales the pixels. A file that cannot be read or decoded, or that has "
            + "another size when size= is not given, fails the load naming it, unless bad=skip, "
            + "which leaves it out and says how many were.",
        parameters: [
            directory.spec, attributes.spec, label.spec, sensitive.spec, size.spec,
            channels.spec, normalize.spec, bad.spec,
        ] + DatasetParameters.common.map(\.spec),
        reference: "Liu et al., ICCV 2015 (CelebA); Kumar et al., ICCV 2009 (LFW attributes)")

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        guard let folder = call[directory] else {
            throw ScenarioError.invalid("load images needs dir=")
        }
        guard call[channels] != 2 else {
            throw ScenarioError.invalidParameter(
                name: channels.name, message: "channels must be 1 (grey) or 3 (RGB)")
        }
        let side = call[size]
        let options = ImageFolderOptions(
            directory: folder, attributes: call[attributes], labelColumn: call[label],
            sensitiveColumns: call[sensitive], size: side > 0 ? (side, side) : nil,
            channels: call[channels],
            normalization: ImageFolderOptions.Normalization(rawValue: call[normalize].rawValue)
                ?? .unit,
            bad: call[bad] == .skip ? .skip : .error)
        let token = context.cancellation
        do {
            return try ImageFolderDataset.load(
                options, seed: context.seed, testFraction: call[DatasetParameters.test],
                isCancelled: { token?.isCancelled ?? false })
        } catch .interrupted {
            throw CancellationError()
        } catch {
            throw ScenarioError.invalidParameter(
                name: parameterAtFault(error), message: error.description)
        }
    }

    /// The argument a load error is about: the table's, the label's, or the folder's.
    static func parameterAtFault(_ error: DataError) -> String {
        switch error {
        case .unknownColumn: return label.name
        case .malformed: return attributes.name
        default: return directory.name
        }
    }
}
