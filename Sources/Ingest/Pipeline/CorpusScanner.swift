import Foundation

/// Expands the paths a user names into the document files to ingest.
public enum CorpusScanner {
    /// A file to ingest, or a path that could not be used, with the reason.
    public enum Item: Sendable {
        case file(URL)
        case problem(path: String, error: IngestError)
    }

    /// Data files kb reads itself; never ingested as documents.
    public static let dataFileNames: Set<String> = [MetadataCatalogue.fileName, "organisations.yaml", "thesaurus.yaml",
                                                    "positions.yaml", "reviews.yaml", "statutes.yaml"]

    public static func scan(_ paths: [String]) -> [Item] {
        var items: [Item] = []
        let fm = FileManager.default
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else {
                items.append(.problem(path: path, error: .unreadable("no such file or directory")))
                continue
            }
            if !isDir.boolValue {
                items.append(.file(url))
                continue
            }
            guard fm.isReadableFile(atPath: url.path) else {
                items.append(.problem(path: path, error: .unreadable("directory is not readable")))
                continue
            }
            var found: [URL] = []
            let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey]
            let enumerator = fm.enumerator(at: url, includingPropertiesForKeys: keys,
                                           options: [.skipsHiddenFiles, .skipsPackageDescendants]) { failed, _ in
                items.append(.problem(path: failed.path, error: .unreadable("cannot list this directory")))
                return true
            }
            while let next = enumerator?.nextObject() as? URL {
                let name = next.lastPathComponent
                if dataFileNames.contains(name) { continue }
                guard ReaderRegistry.documentExtensions.contains(next.pathExtension.lowercased()) else { continue }
                if (try? next.resourceValues(forKeys: Set(keys)))?.isRegularFile == true { found.append(next.standardizedFileURL) }
            }
            found.sort { $0.path < $1.path }
            items += found.map(Item.file)
        }
        return items
    }
}
