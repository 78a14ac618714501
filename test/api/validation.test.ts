// Tables transcribed from staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go.
import { describe, expect, it } from 'vitest';
import {
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isInRange,
  isQualifiedName,
  isValidCIDR,
  isValidIP,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  validateAnnotations,
  validateLabels,
} from '../../src/api/validation.js';

const ok = (errs: string[]) => expect(errs).toEqual([]);
const bad = (errs: string[]) => expect(errs.length).toBeGreaterThan(0);

describe('TestIsDNS1123Label', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])(
    'good %j',
    (v) => ok(isDNS1123Label(v)),
  );
  it.each([
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64),
  ])('bad %j', (v) => bad(isDNS1123Label(v)));
  it('messages', () => {
    expect(isDNS1123Label('My_Name')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('TestIsDNS1123Subdomain', () => {
  it.each([
    'a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2',
    'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a', 'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1',
    '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2', '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1',
    'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', 'a'.repeat(253),
  ])('good %j', (v) => ok(isDNS1123Subdomain(v)));
  it.each([
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A', 'A.1', 'aB.1', 'A1.1', '1A.1', '0.A', '01.A', '012.A', '1A.a', '1a.A',
    'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee', 'a@b', 'a,b', 'a_b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b',
    'a'.repeat(254),
  ])('bad %j', (v) => bad(isDNS1123Subdomain(v)));
  it('messages', () => {
    expect(isDNS1123Subdomain('Web_1')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('TestIsDNS1035Label', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)])('good %j', (v) => ok(isDNS1035Label(v)));
  it.each([
    '0', '01', '012', '1a', '1-a', '1--a--b--2', '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ',
    ' 1', '1 2', 'a'.repeat(64),
  ])('bad %j', (v) => bad(isDNS1035Label(v)));
  it('message', () => {
    expect(isDNS1035Label('1web')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe('TestIsValidPortNum / TestIsInRange', () => {
  it.each([1, 2, 1000, 16384, 32768, 65535])('good %i', (v) => ok(isValidPortNum(v)));
  it.each([0, -1, 65536, 100000])('bad %i', (v) => expect(isValidPortNum(v)).toEqual(['must be between 1 and 65535, inclusive']));
  it.each([
    [1, 0, 10],
    [5, 5, 20],
    [25, 10, 25],
  ])('in range %i [%i,%i]', (v, lo, hi) => ok(isInRange(v, lo, hi)));
  it.each([
    [1, 2, 10],
    [5, -4, 2],
    [25, 100, 120],
  ])('out of range %i [%i,%i]', (v, lo, hi) => bad(isInRange(v, lo, hi)));
});

describe('TestIsValidPortName', () => {
  it.each(['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'])('good %j', (v) =>
    ok(isValidPortName(v)),
  );
  it.each(['longerthan15characters', '', 'a'.repeat(16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++'])(
    'bad %j',
    (v) => bad(isValidPortName(v)),
  );
  it('messages', () => {
    expect(isValidPortName('-Http--')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
    expect(isValidPortName('12345')).toEqual(['must contain at least one letter (a-z)']);
  });
});

describe('TestIsQualifiedName', () => {
  it.each([
    'simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes', 'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num',
    '1234/5678', '1.2.3.4/5678', 'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo',
    'a'.repeat(63), 'a'.repeat(253) + '/' + 'b'.repeat(63),
  ])('good %j', (v) => ok(isQualifiedName(v)));
  it.each([
    'nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc',
    'example_com/abc', 'example.com/', '/simple', 'a'.repeat(64), 'a'.repeat(254) + '/abc',
  ])('bad %j', (v) => bad(isQualifiedName(v)));
  it('messages', () => {
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('Example.com/abc')).toEqual([
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });
});

describe('TestIsValidLabelValue', () => {
  it.each(['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), ''])('good %j', (v) =>
    ok(isValidLabelValue(v)),
  );
  it.each([
    'nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-',
    '.starts.with.dot', 'ends.with.dot.', 'a'.repeat(64),
  ])('bad %j', (v) => bad(isValidLabelValue(v)));
});

describe('TestIsHTTPHeaderName / TestIsValidPercent / TestIsConfigMapKey / TestIsWildcardDNS1123Subdomain', () => {
  it.each([
    'Accept-Encoding', 'Host', 'If-Modified-Since', 'X-Forwarded-For', 'a', 'ab', 'abc', 'a1', '-a', 'a-', 'a-b', 'a-1',
    'a--1--2--b', '--abc-123', 'A', 'AB', 'AbC', 'A1', '-A', 'A-', 'A-B', 'A-1', 'A--1--2--B', '--123-ABC',
  ])('header good %j', (v) => ok(isHTTPHeaderName(v)));
  it.each([
    'Host:', 'X-Forwarded-For:', 'X-@Home', '', '_', 'a_', '_a', '1_', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', '#a#', '^', ',', ';', '=', '<', '?', '@', '{',
  ])('header bad %j', (v) => bad(isHTTPHeaderName(v)));
  it.each(['0%', '00000%', '1%', '01%', '99%', '100%', '101%'])('percent good %j', (v) => ok(isValidPercent(v)));
  it.each(['', '0', '100', '0.0%', '99.9%', 'hundred', ' 1%', '1% ', '-0%', '-1%', '+1%'])('percent bad %j', (v) =>
    expect(isValidPercent(v)).toEqual([
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]),
  );
  it.each(['a', 'good', 'good-good', 'still.good', 'this.is.also.good', '.so.is.this', 'THIS_IS_GOOD', 'so_is_this_17'])(
    'configmap key good %j',
    (v) => ok(isConfigMapKey(v)),
  );
  it.each(['.', '..', '..bad', 'b*d', 'bad!&bad'])('configmap key bad %j', (v) => bad(isConfigMapKey(v)));
  it('configmap key messages', () => {
    expect(isConfigMapKey('..')).toEqual(["must not be '..'"]);
    expect(isConfigMapKey('..bad')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('b*d')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });
  it.each(['*.example.com', '*.bar.com', '*.foo.bar.com'])('wildcard good %j', (v) => ok(isWildcardDNS1123Subdomain(v)));
  it.each(['*.*.bar.com', '*.foo.*.com', '*bar.com', 'f*.bar.com', '*'])('wildcard bad %j', (v) =>
    bad(isWildcardDNS1123Subdomain(v)),
  );
  it('C identifiers', () => {
    ok(isCIdentifier('MY_NAME'));
    bad(isCIdentifier('1abc'));
  });
});

describe('IPs and CIDRs', () => {
  it.each(['10.9.8.7', '0.0.0.0', '255.255.255.255', '::', '::1', '2001:db8::ffff', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8'])(
    'ip good %j',
    (v) => ok(isValidIP(v)),
  );
  it('1.30 parses IPv4 sloppily: leading zeros are decimal', () => {
    ok(isValidIP('01.2.3.4'));
    ok(isValidCIDR('10.0.0.0/08'));
  });
  it.each(['', '1.2.3', '256.1.1.1', '1.2.3.4.5', '1:2:3:4:5:6:7:8:9', ':::', 'a', '1.2.3.4/24'])('ip bad %j', (v) =>
    expect(isValidIP(v)).toEqual(['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']),
  );
  it.each(['10.0.0.0/8', '192.168.1.1/32', '2001:db8::/64', '::/0'])('cidr good %j', (v) => ok(isValidCIDR(v)));
  it.each(['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '/8', '10.0.0.0/x'])('cidr bad %j', (v) => bad(isValidCIDR(v)));
});

describe('ValidateLabels / ValidateAnnotations', () => {
  it('valid labels give no errors', () => {
    ok(validateLabels({ app: 'web', 'example.com/tier': 'front-end', empty: '' }, 'metadata.labels'));
    ok(validateLabels(undefined));
  });
  it('one field error per message', () => {
    expect(validateLabels({ 'bad key!': 'v', good: '-bad-value' }, 'metadata.labels')).toEqual([
      `metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "-bad-value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
  });
  it('annotation keys ignore case, and the total size is limited', () => {
    ok(validateAnnotations({ 'Example.COM/Key': 'anything at all: !@#' }));
    expect(validateAnnotations({ 'a/b/c': 'x' }, 'metadata.annotations')[0]).toMatch(
      /^metadata\.annotations: Invalid value: "a\/b\/c": a qualified name must consist/,
    );
    expect(validateAnnotations({ big: 'x'.repeat(256 * 1024) }, 'metadata.annotations')).toEqual([
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
  });
});
