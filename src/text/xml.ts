// A small XML reader for libvirt's domain XML: its elements as a tree, and whether the text is well-formed XML 1.0.
/**
 * What libvirt writes (virXMLFormat*): elements, attributes in single or double quotes, the five predefined entities and
 * character references, comments; rarely CDATA or a processing instruction; never a DTD. Names keep their prefix as
 * written (`qemu:commandline`): libvirt's own XML binds `qemu:` to one namespace, and nothing here needs more.
 *
 * One pass, linear in the text (no expression here can backtrack), and it never throws: a paste cut short or mangled
 * still gives the elements it has (`wellFormed` false), the way a reader of the thread would see them. fast-xml-parser
 * did this job; its parse, validate and dependencies were ~14% of the report program, ~3 ms of an `analyze` of a bundle
 * with one domain.
 */
export interface XmlElement {
  name: string;
  /** Attributes in document order, values with their references replaced; the first of a repeated name is kept. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA between its children), references replaced, untrimmed. */
  text: string;
}

export interface XmlDocument {
  /** A nameless element holding the document's top-level elements (several, when the text is no single document). */
  top: XmlElement;
  /** Well-formed: one root element, every tag closed in order, names and attributes as XML has them, `&` only as a reference. */
  wellFormed: boolean;
}

// Names: XML 1.0's NameStartChar / NameChar, with every character above U+00BF allowed (a superset: a name libvirt
// would refuse is still read as one).
const NAME = /[A-Za-z_:\u00c0-\uffff][-\w.:\u00b7\u00c0-\uffff]*/y;
const SPACE = /[ \t\r\n]*/y;
/**
 * XML 1.0's XMLDecl: version, then optionally encoding, then standalone, in that order. Version '1.' too: libxml2 reads
 * it (with a warning), and libvirt reads its XML with libxml2.
 */
const XML_DECL = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]*"|'1\.[0-9]*')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][-\w.]*"|'[A-Za-z][-\w.]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>$/;
const PREDEFINED = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['apos', "'"], ['quot', '"']]);
/**
 * A reference (to an entity by name, or to a character in decimal or hexadecimal, with any number of digits: `&#0065;`
 * is 'A'), or an `&` that starts none, which is not XML. Each `&` is tried once, up to the next `&` at most: linear.
 */
const REFERENCE = /&(?:([A-Za-z_:][-\w.:]*)|#([0-9]+)|#x([0-9a-fA-F]+));|&/g;

const element = (name: string): XmlElement => ({ name, attrs: new Map(), children: [], text: '' });

/** A code point XML allows in a document (Char production). */
const allowed = (cp: number) => cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

export function readXml(text: string): XmlDocument {
  const top = element('');
  const open: XmlElement[] = [top];
  /** How many elements of each name are open. */
  const openCount = new Map<string, number>();
  const close = () => {
    const e = open.pop()!;
    openCount.set(e.name, openCount.get(e.name)! - 1);
  };
  let ok = true;
  /** Top-level elements started: a second is a second root, whether or not the first was closed. */
  let roots = 0;

  /** Whether a DOCTYPE came first: only it can declare entities beyond the five (WFC: Entity Declared). */
  let doctype = false;
  /**
   * Character data with its references replaced. Not well-formed: a stray `&`, a reference to a character XML does not
   * allow (or beyond U+10FFFF), or to an entity no DOCTYPE may have declared (libxml2: "Entity 'nbsp' not defined").
   */
  const decode = (s: string): string => {
    if (!s.includes('&')) return s;
    return s.replace(REFERENCE, (whole, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (named !== undefined) {
        const c = PREDEFINED.get(named);
        if (c === undefined && !doctype) ok = false;
        // An entity a DOCTYPE declares is not read: left as written.
        return c ?? whole;
      }
      const cp = dec !== undefined ? Number.parseInt(dec, 10) : hex !== undefined ? Number.parseInt(hex, 16) : NaN;
      if (!allowed(cp)) {
        ok = false;
        return whole;
      }
      return String.fromCodePoint(cp);
    });
  };
  const addText = (raw: string) => {
    if (!raw) return;
    const cur = open[open.length - 1]!;
    if (cur === top) {
      // Outside the root only white space (and comments, PIs) may stand.
      if (/[^ \t\r\n]/.test(raw)) ok = false;
      return;
    }
    if (raw.includes(']]>')) ok = false;
    cur.text += decode(raw);
  };
  const name = (at: number): string | undefined => {
    NAME.lastIndex = at;
    const m = NAME.exec(text);
    return m ? m[0] : undefined;
  };
  const skipSpace = (at: number): number => {
    SPACE.lastIndex = at;
    SPACE.test(text);
    return SPACE.lastIndex;
  };

  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(text.slice(i));
      break;
    }
    addText(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      // "--" may not stand inside a comment, nor may it end in '-' ('<!-- x --->': libxml2 "Double hyphen within comment").
      if (end < 0 || text.slice(lt + 4, end).includes('--') || (end > lt + 4 && text.charCodeAt(end - 1) === 0x2d)) ok = false;
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) {
        ok = false;
        break;
      }
      if (open.length === 1) ok = false;
      else open[open.length - 1]!.text += text.slice(lt + 9, end);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      const target = name(lt + 2);
      const after = lt + 2 + (target?.length ?? 0);
      // A processing instruction needs a target, then white space or its end; 'xml' in any case is no target. The XML
      // declaration only first of all, as XML 1.0's XMLDecl has it (libxml2: "Malformed declaration expecting version").
      if (end < 0 || !target) ok = false;
      else if (target === 'xml') {
        if (lt !== (text.charCodeAt(0) === 0xfeff ? 1 : 0) || !XML_DECL.test(text.slice(lt, end + 2))) ok = false;
      } else if (target.toLowerCase() === 'xml' || (after !== end && !/[ \t\r\n]/.test(text.charAt(after)))) ok = false;
      if (end < 0) break;
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!DOCTYPE', lt)) {
      // Once, before the root only. Its entities are not read: a reference to one is left as written (and no expansion
      // can grow without bound).
      if (roots > 0 || doctype) ok = false;
      doctype = true;
      const end = doctypeEnd(text, lt + 9);
      if (end < 0) {
        ok = false;
        break;
      }
      i = end + 1;
      continue;
    }
    if (text.charCodeAt(lt + 1) === 0x2f) {
      // An end tag.
      const tag = name(lt + 2);
      const after = tag === undefined ? lt + 2 : skipSpace(lt + 2 + tag.length);
      if (tag === undefined || text.charCodeAt(after) !== 0x3e) {
        ok = false;
        addText('<');
        i = lt + 1;
        continue;
      }
      // Searched for only when an element of that name is open: end tags that close nothing cost no walk of the stack.
      let at = (openCount.get(tag) ?? 0) > 0 ? open.length - 1 : 0;
      while (at > 0 && open[at]!.name !== tag) at--;
      if (at !== open.length - 1 || at === 0) ok = false;
      // Closing an element further out closes those inside it too (what a reader of a mangled paste would assume).
      if (at > 0) while (open.length > at) close();
      i = after + 1;
      continue;
    }
    const tag = name(lt + 1);
    if (tag === undefined) {
      // '<' that starts nothing: not XML, read on as text.
      ok = false;
      addText('<');
      i = lt + 1;
      continue;
    }
    const el = element(tag);
    let j = lt + 1 + tag.length;
    let closed = false;
    let selfClosing = false;
    while (j < n) {
      const before = j;
      j = skipSpace(j);
      const c = text.charCodeAt(j);
      if (c === 0x3e) {
        closed = true;
        j++;
        break;
      }
      if (c === 0x2f && text.charCodeAt(j + 1) === 0x3e) {
        closed = selfClosing = true;
        j += 2;
        break;
      }
      const an = name(j);
      if (an === undefined || j === before) {
        // No space before an attribute, or no attribute where one must be.
        ok = false;
        if (an === undefined) break;
      }
      j = skipSpace(j + an.length);
      if (text.charCodeAt(j) !== 0x3d) {
        ok = false; // an attribute without a value
        continue;
      }
      j = skipSpace(j + 1);
      const q = text.charCodeAt(j);
      if (q !== 0x22 && q !== 0x27) {
        ok = false;
        break;
      }
      const end = text.indexOf(q === 0x22 ? '"' : "'", j + 1);
      if (end < 0) {
        ok = false;
        j = n;
        break;
      }
      const raw = text.slice(j + 1, end);
      if (raw.includes('<')) ok = false;
      if (el.attrs.has(an)) ok = false;
      // White space in a value is normalised to spaces (XML 1.0 §3.3.3), before references are replaced.
      else el.attrs.set(an, decode(raw.replace(/[\t\r\n]/g, ' ')));
      j = end + 1;
    }
    if (!closed) {
      // A tag cut short (the end of a paste) or broken: what it had is kept, not its children.
      ok = false;
      open[open.length - 1]!.children.push(el);
      if (j >= n) break;
      i = j;
      continue;
    }
    if (open.length === 1 && ++roots > 1) ok = false;
    open[open.length - 1]!.children.push(el);
    if (!selfClosing) {
      open.push(el);
      openCount.set(tag, (openCount.get(tag) ?? 0) + 1);
    }
    i = j;
  }
  if (open.length > 1 || roots !== 1) ok = false;
  // Characters XML does not allow (controls other than tab and line ends, unpaired surrogates).
  // eslint-disable-next-line no-control-regex
  if (ok && /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) ok = false;
  return { top, wellFormed: ok };
}

/**
 * Where a DOCTYPE whose name starts at `from` ends (its '>'), or -1 when it never does. Its internal subset (between
 * brackets), quoted literals and comments may hold '>' and brackets.
 */
function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22 || c === 0x27) {
      j = text.indexOf(text[j]!, j + 1);
      if (j < 0) return -1;
    } else if (c === 0x3c && text.startsWith('<!--', j)) {
      const e = text.indexOf('-->', j + 4);
      if (e < 0) return -1;
      j = e + 2;
    } else if (c === 0x5b) depth++;
    else if (c === 0x5d) depth--;
    else if (c === 0x3e && depth <= 0) return j;
  }
  return -1;
}

/** The child elements named `tag`, in document order. */
export const childrenNamed = (e: XmlElement | undefined, tag: string): XmlElement[] => (e ? e.children.filter((c) => c.name === tag) : []);
/** The first child element named `tag`. */
export const childNamed = (e: XmlElement | undefined, tag: string): XmlElement | undefined => e?.children.find((c) => c.name === tag);
