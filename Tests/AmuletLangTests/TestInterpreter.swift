import AmuletData
import AmuletLang
import AmuletRisks
import AmuletTestSupport
import Foundation

extension Interpreter {
    /// A fresh interpreter over the project's data, with models kept in memory, whose relative
    /// paths resolve in `folder` (a temporary folder: tests write nowhere else).
    static func forTesting(in folder: URL) -> Interpreter {
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        return Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil), currentDirectory: folder.path))
    }
}
