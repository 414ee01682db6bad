internal import CLibXML2
import Foundation

/// A small element tree parsed with libxml2, with network access and entity expansion off:
/// office files are untrusted input.
final class XMLElement {
    let name: String
    var attributes: [String: String]
    var children: [XMLElement] = []
    /// Text directly inside this element.
    var text = ""

    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    /// The name without its namespace prefix.
    var localName: Substring { name.split(separator: ":").last ?? Substring(name) }

    /// Names given without a prefix match any prefix: producers differ ("row" and "x:row").
    func matches(_ n: String) -> Bool { name == n || (!n.contains(":") && localName == n) }

    func child(_ n: String) -> XMLElement? { children.first { $0.matches(n) } }
    func all(_ n: String) -> [XMLElement] { children.filter { $0.matches(n) } }

    /// Every descendant with this name, in document order.
    func descendants(_ n: String) -> [XMLElement] {
        var out: [XMLElement] = []
        for c in children {
            if c.matches(n) { out.append(c) }
            out += c.descendants(n)
        }
        return out
    }

    /// All text below this element.
    var allText: String { text + children.map(\.allText).joined() }

    /// Attribute by local name ("w:val" and "val" both match "val").
    func attr(_ local: String) -> String? {
        if let v = attributes[local] { return v }
        return attributes.first { $0.key.hasSuffix(":" + local) }?.value
    }

    static func parse(_ data: Data, name: String) throws -> XMLElement {
        // No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD, NONET: no XXE, no network.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        try XMLLibrary.load()
        let doc: xmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            return kb_xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count), name, nil, options)
        }
        guard let doc else { throw IngestError.malformed("\(name) is not well-formed XML") }
        defer { kb_xmlFreeDoc(doc) }
        guard let root = kb_xmlDocGetRootElement(doc) else { throw IngestError.malformed("\(name) has no root element") }
        return convert(root)
    }

    private static func qualifiedName(_ node: xmlNodePtr) -> String {
        let local = node.pointee.name.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
        if let ns = node.pointee.ns, let prefix = ns.pointee.prefix {
            return String(cString: UnsafeRawPointer(prefix).assumingMemoryBound(to: CChar.self)) + ":" + local
        }
        return local
    }

    private static func convert(_ node: xmlNodePtr) -> XMLElement {
        var attributes: [String: String] = [:]
        var attr = node.pointee.properties
        while let a = attr {
            let local = a.pointee.name.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
            let key = a.pointee.ns?.pointee.prefix.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) + ":" + local } ?? local
            if let v = kb_xmlNodeListGetString(node.pointee.doc, a.pointee.children, 1) {
                attributes[key] = String(cString: UnsafeRawPointer(v).assumingMemoryBound(to: CChar.self))
                kb_xmlFree(v)
            }
            attr = a.pointee.next
        }
        let element = XMLElement(name: qualifiedName(node), attributes: attributes)
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE: element.children.append(convert(c))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content {
                    element.text += String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                }
            default: break
            }
            child = c.pointee.next
        }
        return element
    }
}

/// libxml2, opened the first time an HTML page or an Office file is read (see CLibXML2's shim): commands
/// that read none, `kb search` among them, do not pay for loading it.
enum XMLLibrary {
    static func load() throws {
        if let why = kb_xml_load() {
            throw IngestError.unreadable("HTML and Office files need libxml2 (Debian package libxml2): \(String(cString: why))")
        }
    }
}
