#!/usr/bin/env python3
"""Generates the small office, PDF and hostile fixtures under Tests/Fixtures (committed; rerun to refresh).

Only the Python standard library is used; the encrypted PDF additionally needs qpdf (Debian package qpdf).
"""
import os, shutil, subprocess, zipfile, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures")
FORMATS = os.path.join(OUT, "formats")
HOSTILE = os.path.join(OUT, "hostile")
os.makedirs(FORMATS, exist_ok=True)
os.makedirs(HOSTILE, exist_ok=True)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT_DOCX = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?><w:styles {W}><w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/></w:style><w:style w:type="paragraph" w:styleId="Liststycke"><w:name w:val="List Paragraph"/></w:style></w:styles>"""


def p(text, style=None, numbered=False, footnote=None):
    ppr = ""
    if style or numbered:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + ('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else "") + "</w:pPr>"
    note = f'<w:r><w:footnoteReference w:id="{footnote}"/></w:r>' if footnote else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{note}</w:p>'


def table(rows):
    out = "<w:tbl>"
    for row in rows:
        out += "<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in row) + "</w:tr>"
    return out + "</w:tbl>"


def docx(path, body, footnotes=None, extra=None, doctype=""):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT_DOCX)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document {W}><w:body>{body}</w:body></w:document>')
        notes = "".join(f'<w:footnote w:id="{i}">{p(t)}</w:footnote>' for i, t in (footnotes or {}).items())
        z.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>{notes}</w:footnotes>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)


docx(os.path.join(FORMATS, "vagledning.docx"),
     p("Vägledning om molntjänster", "Rubrik1")
     + p("Överföring till tredjeland", "Rubrik2")
     + p("Kommunen får inte överföra personuppgifter i klartext till en leverantör i USA.", footnote=1)
     + p("Kryptera innehållet före lagring", "Liststycke", numbered=True)
     + p("Förvara nycklarna hos kommunen", "Liststycke", numbered=True)
     + p("Kategorier", "Rubrik2")
     + table([["Kategori", "Plats", "Åtkomst"], ["Kontodata", "Tyskland", "Support på nivå två"], ["Mötesinnehåll", "Sverige", "Ingen"]]),
     footnotes={1: "Se artikel 46.2 c i dataskyddsförordningen och EDPB:s rekommendationer 01/2020."})

CT_XLSX = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx(path, sheets):
    strings = []
    def sid(s):
        if s not in strings:
            strings.append(s)
        return strings.index(s)
    sheet_xml = []
    for name, rows in sheets:
        xml_rows = ""
        for r, row in enumerate(rows, start=1):
            cells = ""
            for c, value in enumerate(row):
                ref = chr(65 + c) + str(r)
                if isinstance(value, (int, float)):
                    cells += f'<c r="{ref}"><v>{value}</v></c>'
                elif value:
                    cells += f'<c r="{ref}" t="s"><v>{sid(value)}</v></c>'
            xml_rows += f'<row r="{r}">{cells}</row>'
        sheet_xml.append(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {S}><sheetData>{xml_rows}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT_XLSX)
        z.writestr("_rels/.rels", RELS.replace("word/document.xml", "xl/workbook.xml"))
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {S} {R}><sheets>' + "".join(f'<sheet name="{n}" sheetId="{i+1}" r:id="rId{i+1}"/>' for i, (n, _) in enumerate(sheets)) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(f'<Relationship Id="rId{i+1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i+1}.xml"/>' for i in range(len(sheets))) + "</Relationships>")
        for i, x in enumerate(sheet_xml):
            z.writestr(f"xl/worksheets/sheet{i+1}.xml", x)
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {S}>' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")


TIA = [["No", "Category", "Processing purpose", "Data subjects", "Processing location", "Access"],
       [12, "Account data", "Inloggning och behörighet", "Anställda i Stockholms stad", "AWS i Tyskland", "Zoom har fysisk åtkomst"],
       [14, "Support data", "Support på nivå tre", "Mötesdeltagare", "Visualised AB, Sverige", "Underbiträde DT"]]
xlsx(os.path.join(FORMATS, "tia.xlsx"), [("Data sheet", TIA), ("Källor", [["Källa", "Datum"], ["EDPB Recommendations 01/2020", "2021-06-18"]])])
with open(os.path.join(FORMATS, "tia.csv"), "w", encoding="utf-8") as f:
    f.write("No,Category,Processing location,Access\n12,Account data,\"AWS i Tyskland, Frankfurt\",\"Zoom har \"\"fysisk\"\" åtkomst\"\n14,Support data,\"Visualised AB,\nSverige\",Underbiträde DT\n")
with open(os.path.join(FORMATS, "tia.tsv"), "w", encoding="utf-8") as f:
    f.write("No\tCategory\tProcessing location\n12\tAccount data\tAWS i Tyskland\n14\tSupport data\tSverige\n")


def pdf(path, pages):
    """pages: list of lists of (x, y, size, text) placed with Helvetica (WinAnsi)."""
    objects = []
    def add(body):
        objects.append(body)
        return len(objects)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    pages_id_placeholder = len(objects) + 1 + 2 * len(pages)
    for items in pages:
        stream = b""
        for x, y, size, text in items:
            esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")
            stream += b"BT /F1 %d Tf %d %d Td (" % (size, x, y) + esc + b") Tj ET\n"
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id_placeholder, font, content)))
    pages_id = add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % len(page_ids))
    assert pages_id == pages_id_placeholder
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    with open(path, "wb") as f:
        f.write(out)


def page(n, body, columns=None):
    items = [(72, 800, 9, "Integritetsskyddsmyndigheten - Rapport om molntjänster 2023")]
    y = 740
    for line in body:
        items.append((72, y, 11, line)); y -= 16
    if columns:
        left, right = columns
        y0 = y - 10
        for i, line in enumerate(left):
            items.append((72, y0 - 16 * i, 11, line))
        for i, line in enumerate(right):
            items.append((320, y0 - 16 * i, 11, line))
    items.append((280, 40, 9, f"Sida {n} av 3"))
    return items


pdf(os.path.join(FORMATS, "rapport.pdf"), [
    page(1, ["Sammanfattning", "", "Myndigheten bedömer att fjärråtkomst från tredjeland är en över-",
             "föring av personuppgifter enligt artikel 44 i dataskyddsförordningen.", "",
             "Kommunerna bör göra en konsekvensbedömning innan tjänsten används."]),
    page(2, ["Tekniska skyddsåtgärder", ""],
         columns=(["Vänster spalt: kryptering med", "nycklar som kunden själv", "förvaltar skyddar innehållet."],
                  ["Höger spalt: pseudonymisering", "av kontouppgifter räcker inte", "ensam som skyddsåtgärd."])),
    page(3, ["Slutsats", "", "Åtgärderna ska följas upp årligen av dataskyddsombudet."]),
])
pdf(os.path.join(HOSTILE, "scanned.pdf"), [[]])
with open(os.path.join(HOSTILE, "corrupt.pdf"), "wb") as f:
    f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + bytes(range(256)) * 4)
if shutil.which("qpdf"):
    subprocess.run(["qpdf", "--encrypt", "hemligt", "hemligt", "256", "--", os.path.join(FORMATS, "rapport.pdf"), os.path.join(HOSTILE, "encrypted.pdf")], check=True)

# Hostile office files.
with zipfile.ZipFile(os.path.join(HOSTILE, "bomb.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT_DOCX)
    z.writestr("word/document.xml", b"<" + b" " * (20 * 1024 * 1024) + b"/>")
docx(os.path.join(HOSTILE, "traversal.docx"), p("Ett dokument med en farlig post i arkivet."), extra={"../../kb-traversal-evil.txt": "pwned", "/tmp/kb-absolute-evil.txt": "pwned"})
docx(os.path.join(HOSTILE, "xxe.docx"), p("Hemligt: &xxe;"), doctype='<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
print("fixtures written to", OUT)
