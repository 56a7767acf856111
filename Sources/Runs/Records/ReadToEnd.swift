import Foundation

/// Every byte `descriptor` gives until its end (or an error other than an
/// interruption): for pipes and procfs files, whose size is not known ahead.
func readToEnd(_ descriptor: Int32) -> [UInt8] {
    var output = [UInt8](), buffer = [UInt8](repeating: 0, count: 16384)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
            output += buffer[..<count]
        } else if count < 0 && errno == EINTR {
            continue
        } else {
            return output
        }
    }
}
