@testable import Tables

/// Loads `text` as a file called `name`.
func loadText(_ text: String, name: String = "t.csv", options: LoadOptions = LoadOptions()) throws(DataError) -> Table {
    try TableLoader.load(data: Array(text.utf8), name: name, options: options).table
}

/// The rendered error of loading `text`, or nil when it loads.
func loadError(_ text: String, name: String = "t.csv", options: LoadOptions = LoadOptions()) -> String? {
    loadErrorBytes(Array(text.utf8), name: name, options: options)
}

/// The rendered error of loading `bytes`, or nil when they load.
func loadErrorBytes(_ bytes: [UInt8], name: String = "t.csv", options: LoadOptions = LoadOptions()) -> String? {
    do {
        _ = try TableLoader.load(data: bytes, name: name, options: options)
        return nil
    } catch {
        return error.description
    }
}

/// A column's cells as an array.
func cells(_ table: Table, _ name: String) throws -> [Cell] {
    let column = try table.column(name)
    return (0..<column.count).map { column[$0] }
}
