// The XML reader for libvirt domains (src/text/xml.ts): its tree, its well-formedness verdict, and fast-xml-parser (what
// it replaced) as the reference for both on generated and mangled documents.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readXml, childNamed, childrenNamed, type XmlElement } from '../../src/text/xml';
import { fixture } from '../harness';
import { expectLinear } from '../hostile/timing';

const DOMAIN = fixture('vm/win10-split-slots.xml');

describe('well-formed or not', () => {
  const cases: [string, string, boolean][] = [
    ['a domain as virsh dumpxml writes it', DOMAIN, true],
    ['declaration, comment, processing instruction, DOCTYPE, CDATA', `<?xml version="1.0"?>\n<!DOCTYPE domain [<!ENTITY x "y">]>\n<!-- by hand -->\n<domain type='kvm'><?pi x?><name><![CDATA[a<b]]></name></domain>\n`, true],
    ['references: the five, decimal, hexadecimal', `<d a='&lt;&gt;&amp;&apos;&quot;&#65;&#x42;'>&#x1F600;</d>`, true],
    ['a BOM before the declaration', `\ufeff<?xml version="1.0"?><d/>`, true],
    ['attributes in either quotes, white space around =', `<d a = "1" b='2'\n c="x'y"/>`, true],
    ['names with a prefix, dots, dashes and digits', `<qemu:commandline><qemu:arg value='-set'/><a.b-c_1/></qemu:commandline>`, true],
    ['empty', '', false],
    ['only white space and a comment', '  <!-- x -->\n', false],
    ['two roots', '<a/><b/>', false],
    ['text after the root', '<a/>x', false],
    ['text before the root', 'x<a/>', false],
    ['an element left open (a paste cut short)', `<domain type='kvm'>\n  <name>cut</name>\n  <devices>`, false],
    ['end tags out of order', '<a><b></a></b>', false],
    ['an end tag that closes nothing', '<a></b></a>', false],
    ['an end tag with attributes', "<a><b></b x='1'></a>", false],
    ['an attribute without a value', '<a b></a>', false],
    ['an attribute without quotes', '<a b=1></a>', false],
    ['an attribute twice', "<a b='1' b='2'/>", false],
    ['no space between attributes', `<a b='1'c='2'/>`, false],
    ["'<' in an attribute", "<a b='x<y'/>", false],
    ["'&' alone in an attribute", "<a b='x&y'/>", false],
    ["'&' alone in text", '<a>x & y</a>', false],
    ['a reference to no character XML allows', '<a>&#0;</a>', false],
    // libxml2: "xmlParseCharRef: character reference out of bounds"; the digits were once capped, and past the cap
    // a reference was neither read nor refused.
    ['a character reference beyond U+10FFFF, in decimal', '<a>&#99999999;</a>', false],
    ['a character reference beyond U+10FFFF, in hexadecimal with leading zeros', '<a>&#x00110000;</a>', false],
    ['character references with leading zeros', '<a b="&#x00000041;">&#00000066;</a>', true],
    // WFC Entity Declared; libxml2: "Entity 'nbsp' not defined" (an HTML page's entity in a paste).
    ['a reference to an entity no DOCTYPE declares, in text', '<a>x&nbsp;y</a>', false],
    ['a reference to an entity no DOCTYPE declares, in an attribute', "<a b='x&copy;'/>", false],
    ['an entity named like an Object property', '<a>&constructor;</a>', false],
    ['a reference to an entity after a DOCTYPE (which may declare it)', '<!DOCTYPE a [<!ENTITY e "v">]><a b="&e;">&e;</a>', true],
    ["']]>' in text", '<a>x ]]> y</a>', false],
    ['a declaration not first', '<a/><?xml version="1.0"?>', false],
    ['a declaration with encoding and standalone', `<?xml version = "1.1" encoding='UTF-8' standalone="no" ?>\n<a/>`, true],
    ['a declaration without a version', '<?xml encoding="UTF-8"?><a/>', false],
    ["a declaration of version '1.' (libxml2 reads it) but not '2.0'", '<?xml version="1."?><a/>', true],
    ["a declaration of version '2.0'", '<?xml version="2.0"?><a/>', false],
    ['a declaration with standalone before encoding', '<?xml version="1.0" standalone="yes" encoding="UTF-8"?><a/>', false],
    ['a declaration in capitals', '<?XML version="1.0"?><a/>', false],
    ['processing instructions: xml-stylesheet, one without data', '<?xml-stylesheet href="a"?><a><?pi?></a>', true],
    ['a processing instruction target followed by no space', '<?pi!x?><a/>', false],
    ['"--" inside a comment', '<a><!-- x -- y --></a>', false],
    ['a comment ending in "--->"', '<a><!-- x ---></a>', false],
    ['comments empty, or with "-" and ">" inside', '<a><!----><!-- - --><!--->--></a>', true],
    ['a comment never closed', '<a/><!-- x', false],
    ['CDATA outside the root', '<![CDATA[x]]><a/>', false],
    ["'>' and brackets in a DOCTYPE's literals and comments", `<!DOCTYPE d SYSTEM "a>b" [<!ENTITY x "]>"><!-- it's ] > -->]><d>&x;</d>`, true],
    ['two DOCTYPEs', '<!DOCTYPE d><!DOCTYPE d><d/>', false],
    ['a DOCTYPE whose literal is never closed', '<!DOCTYPE d SYSTEM "a><d/>', false],
    ['a control character', '<a>\u0001</a>', false],
    ["'<' that starts nothing", "<domain type='kvm'>\n<<<>>>\n</domain>", false],
    ['<! that is no comment, CDATA nor DOCTYPE', "<a><!b x='1'></a>", false],
  ];
  it.each(cases)('%s', (_label, text, wellFormed) => {
    expect(readXml(text).wellFormed).toBe(wellFormed);
  });

  // Where the two differ, this reader follows XML 1.0 (and libvirt, whose libxml2 refuses each of these).
  it('stricter than fast-xml-parser exactly where XML 1.0 is', () => {
    for (const text of ["<a b='x<y'/>", "<a b='x&y'/>", "<a><!b x='1'></a>"]) {
      expect(XMLValidator.validate(text), text).toBe(true);
      expect(readXml(text).wellFormed, text).toBe(false);
    }
  });
});

describe('the tree', () => {
  it('elements, attributes and text of a domain, in document order, references replaced', () => {
    const { top, wellFormed } = readXml(DOMAIN);
    expect(wellFormed).toBe(true);
    const dom = childNamed(top, 'domain')!;
    expect(dom.attrs.get('type')).toBe('kvm');
    expect(childNamed(dom, 'name')!.text).toBe('win10');
    const hostdevs = childrenNamed(childNamed(dom, 'devices'), 'hostdev');
    expect(hostdevs.length).toBeGreaterThan(0);
    expect(childNamed(childNamed(hostdevs[0], 'source'), 'address')!.attrs.get('bus')).toMatch(/^0x/);
    const { top: t } = readXml(`<d a='&lt;x&gt; &amp; &#65;&#x42;' b="it's"><n>&quot;q&quot;<![CDATA[<raw>&amp;]]></n><m/></d>`);
    const d = childNamed(t, 'd')!;
    expect(Object.fromEntries(d.attrs)).toEqual({ a: '<x> & AB', b: "it's" });
    expect(childNamed(d, 'n')!.text).toBe('"q"<raw>&amp;');
    const z = childNamed(readXml('<z b="&#x00000041;">&#00000066;</z>').top, 'z')!;
    expect([z.attrs.get('b'), z.text]).toEqual(['A', 'B']);
    expect(d.children.map((c) => c.name)).toEqual(['n', 'm']);
  });

  it('attribute values: tabs and line ends become spaces (XML 1.0 §3.3.3); the first of a repeated name is kept', () => {
    const d = childNamed(readXml("<d a='x\ty\nz' b='1' b='2'/>").top, 'd')!;
    expect(d.attrs.get('a')).toBe('x y z');
    expect(d.attrs.get('b')).toBe('1');
  });

  it('a paste cut short or mangled keeps the elements it has', () => {
    const cut = readXml("<domain type='kvm'>\n  <name>cut</name>\n  <devices>\n    <hostdev mode='subsystem' type='pci'>\n      <source>\n        <address domain='0x0000' bus='0x2d' slot='0x00' function='0x0'/>");
    expect(cut.wellFormed).toBe(false);
    const addr = childNamed(childNamed(childNamed(childNamed(childNamed(cut.top, 'domain'), 'devices'), 'hostdev'), 'source'), 'address');
    expect(addr?.attrs.get('bus')).toBe('0x2d');
    // An end tag closes the elements left open inside it; one that closes nothing is passed over.
    const m = readXml('<a><b><c></b><d/></q></a>');
    expect(m.wellFormed).toBe(false);
    const a = childNamed(m.top, 'a')!;
    expect(a.children.map((c) => c.name)).toEqual(['b', 'd']);
    expect(childNamed(a, 'b')!.children.map((c) => c.name)).toEqual(['c']);
    // A tag cut off at the end keeps its attributes.
    expect(childNamed(readXml("<a><address bus='0x01' slot=").top, 'a')!.children[0]!.attrs.get('bus')).toBe('0x01');
  });

  it('DOCTYPE entities are not expanded (a billion laughs stays a few bytes)', () => {
    const lol = `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>`;
    const d = childNamed(readXml(lol).top, 'd')!;
    expect(d.text).toBe('&b;');
  });
});

// ---------- fast-xml-parser as the reference ----------

/** fast-xml-parser as libvirt-domain-xml.ts configured it before this reader. */
const fxp = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (_n, _j, _leaf, isAttr) => !isAttr,
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
});

/**
 * This reader's tree in fast-xml-parser's shape: elements as arrays by name, `@_name` attributes and `#text`, both
 * trimmed (its trimValues; libvirt-domain-xml.ts trims attribute values as it did).
 */
function asFxp(e: XmlElement): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of e.attrs) o[`@_${k}`] = v.trim();
  if (e.text.trim() || !e.children.length) o['#text'] = e.text.trim();
  for (const c of e.children) ((o[c.name] ??= []) as unknown[]).push(asFxp(c));
  return o;
}
/**
 * fast-xml-parser leaves '#text' out of an element with children and no text, writes '' for an empty leaf, and does not
 * trim CDATA; text is compared trimmed (libvirt-domain-xml.ts reads it so).
 */
function normalise(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(normalise);
  if (!o || typeof o !== 'object') return o;
  const r: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(o)) {
    const v = k === '#text' && typeof raw === 'string' ? raw.trim() : raw;
    if (!(k === '#text' && v === '' && Object.keys(o).some((x) => !x.startsWith('@_') && x !== '#text'))) r[k] = normalise(v);
  }
  if (!('#text' in r) && !Object.keys(r).some((x) => !x.startsWith('@_'))) r['#text'] = '';
  return r;
}

const NAMES = ['domain', 'devices', 'hostdev', 'source', 'address', 'qemu:arg', 'memory', 'name', 'a.b-c_1'];
const textChars = fc.constantFrom('a', 'Z', '0', ' ', '-', '/', '.', ':', '&amp;', '&lt;', '&gt;', '&quot;', "'", '"', '中');
const attrChars = fc.constantFrom('a', '0', 'x', ' ', '/', '.', '=', '&amp;', '&lt;', '&quot;', '&apos;', '>', '中');
type Gen = { name: string; attrs: [string, string][]; text: string; children: readonly Gen[]; comment: boolean };
const { tree } = fc.letrec<{ tree: Gen }>((tie) => ({
  tree: fc.record({
    name: fc.constantFrom(...NAMES),
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('type', 'bus', 'slot', 'value', 'unit', 'name'), fc.array(attrChars, { maxLength: 6 }).map((a) => a.join(''))), { maxLength: 3, selector: (a) => a[0] }),
    text: fc.array(textChars, { maxLength: 8 }).map((a) => a.join('')),
    children: fc.oneof({ depthSize: 'small' }, fc.constant<readonly Gen[]>([]), fc.array(tie('tree'), { maxLength: 3 })),
    comment: fc.boolean(),
  }),
}));
/** Elements with children get no text of their own (libvirt's shape); leaves get text, or CDATA. */
function serialise(g: Gen, depth = 0, cdata = false): string {
  const pad = '  '.repeat(depth);
  const attrs = g.attrs.map(([k, v]) => ` ${k}='${v.replace(/'/g, '&apos;')}'`).join('');
  const kids = depth < 4 ? g.children : [];
  if (!kids.length) return `${pad}<${g.name}${attrs}>${cdata ? `<![CDATA[${g.text.replace(/]]>/g, '')}]]>` : g.text}</${g.name}>`;
  return `${pad}<${g.name}${attrs}>\n${g.comment ? `${pad}  <!-- ${g.name} -->\n` : ''}${kids.map((k, i) => serialise(k, depth + 1, (i + depth) % 3 === 2)).join('\n')}\n${pad}</${g.name}>`;
}

describe('against fast-xml-parser', () => {
  it('generated well-formed documents: well-formed to both, and the same tree', () => {
    fc.assert(
      fc.property(tree, (g) => {
        const text = serialise(g);
        expect(XMLValidator.validate(text)).toBe(true);
        const mine = readXml(text);
        expect(mine.wellFormed).toBe(true);
        expect(normalise(asFxp(mine.top))).toEqual(normalise(fxp.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('a real domain mangled (characters dropped, inserted, the end cut): never well-formed where fast-xml-parser says it is not', () => {
    const inserts = ['<', '>', '/', "'", '"', '=', '&', ' ', '!', '?', '-', ']', '\n'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'insert', 'cut'), fc.constantFrom(...inserts)), { minLength: 1, maxLength: 3 }),
        (ops) => {
          let t = DOMAIN;
          for (const [at, op, c] of ops) {
            const p = at % (t.length + 1);
            t = op === 'drop' ? t.slice(0, p) + t.slice(p + 1) : op === 'insert' ? t.slice(0, p) + c + t.slice(p) : t.slice(0, p);
          }
          if (readXml(t).wellFormed) expect(XMLValidator.validate(t)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('hostile text', () => {
  // An end tag that closes nothing used to walk every open element: 100,000 of each took minutes.
  it('time grows linearly: open tags then end tags that close none, runs of "<", "&" and quotes, deep nesting', () => {
    const shapes: [string, (k: number) => string][] = [
      ['open then unmatched end tags', (k) => "<domain type='kvm'>\n" + '<devices>\n'.repeat(5000 * k) + '</hostdev>\n'.repeat(5000 * k)],
      ['runs of <', (k) => '<a>' + '<'.repeat(20000 * k) + '</a>'],
      ['runs of &', (k) => `<a b='${'&'.repeat(20000 * k)}'>${'&a'.repeat(10000 * k)}</a>`],
      ['an attribute never closed', (k) => `<a b='${'x '.repeat(20000 * k)}`],
      ['attributes without values', (k) => `<a ${'b '.repeat(20000 * k)}>`],
      ['references without a ";", and with long digits', (k) => `<a>${('&' + 'a'.repeat(40)).repeat(2000 * k)}&#${'0'.repeat(50000 * k)}65;</a>`],
      ['a DOCTYPE of quotes and comments', (k) => `<!DOCTYPE d [${'"]>" \'x\' <!-- \' -->'.repeat(5000 * k)}]><d/>`],
      ['declarations and processing instructions', (k) => `<?xml version="1.0"${' '.repeat(20000 * k)}?><a>${'<?pi!x?>'.repeat(5000 * k)}</a>`],
    ];
    for (const [label, make] of shapes) expectLinear(label, make, (t) => readXml(t));
  });

  it('200,000 nested elements: no stack overflow, the tree as deep', () => {
    const n = 200_000;
    const doc = readXml('<a>'.repeat(n) + '</a>'.repeat(n));
    expect(doc.wellFormed).toBe(true);
    let depth = 0;
    for (let e: XmlElement | undefined = childNamed(doc.top, 'a'); e; e = e.children[0]) depth++;
    expect(depth).toBe(n);
  });
});
