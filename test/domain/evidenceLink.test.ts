import { checkEvidenceLink } from '../../src/domain/evidenceLink';
import { isBlank, textLength, truncateText } from '../../src/domain/text';

describe('an evidence link', () => {
  it.each([
    ['https://2c8.stockholm.se/rutin/kontroller', '2c8.stockholm.se'],
    ['https://intranat.stockholm.se:8443/a?b=c#d', 'intranat.stockholm.se'],
    ['https://RÄKSMÖRGÅS.se/rutin', 'xn--rksmrgs-5wao1o.se'],
    ['https://xn--rksmrgs-5wao1o.se/', 'xn--rksmrgs-5wao1o.se'],
  ])('%s is accepted, shown with its host %s', (url, host) => {
    expect(checkEvidenceLink(url)).toMatchObject({ ok: true, host });
  });

  it('an international host is given in punycode, so a look-alike cannot pass for the real one', () => {
    const link = checkEvidenceLink('https://stockhоlm.se/rutin'); // Cyrillic о
    expect(link).toMatchObject({ ok: true });
    expect(link.ok && link.host).toMatch(/^xn--/);
    expect(link.ok && link.href).not.toContain('о');
  });

  it.each([
    ['http://2c8.stockholm.se/rutin', 'notHttps'],
    ['javascript:alert(1)', 'notHttps'],
    ['ftp://2c8.stockholm.se/', 'notHttps'],
    ['https://anna:hemligt@2c8.stockholm.se/', 'credentials'],
    ['https://anna@2c8.stockholm.se/', 'credentials'],
    ['https://2c8.stockholm.se@evil.example/', 'credentials'],
    ['https://10.0.0.1/rutin', 'ipAddress'],
    ['https://2130706433/', 'ipAddress'],
    ['https://0x7f.1/', 'ipAddress'],
    ['https://[::1]/rutin', 'ipAddress'],
    ['https://intranat/rutin', 'singleLabel'],
    ['https://localhost/', 'singleLabel'],
    ['https://intranat./rutin', 'singleLabel'],
    ['https://under_streck.stockholm.se/', 'invalid'],
    ['inte en länk', 'invalid'],
    ['', 'invalid'],
  ])('%s is refused (%s)', (url, problem) => {
    expect(checkEvidenceLink(url)).toEqual({ ok: false, problem });
  });
});

describe('text as a person sees it', () => {
  it.each(['', ' ', '\u200b', '\u3164', '\u2800', '\u200b\u3164\u2800 \u00ad\ufeff', '\u115f\u1160\uffa0\u2060'])(
    'only invisible characters (%j) count as empty',
    (text) => {
      expect(isBlank(text)).toBe(true);
    },
  );

  it('anything visible is not empty', () => {
    expect(isBlank('\u200bx')).toBe(false);
    expect(isBlank('–')).toBe(false);
  });

  it('characters are counted as a person counts them', () => {
    expect(textLength('👨‍👩‍👧‍👦'.repeat(1000))).toBe(1000);
    expect(textLength('🇸🇪')).toBe(1);
    expect(textLength('a\u030a')).toBe(1);
    expect(textLength('åäö')).toBe(3);
  });

  it('a cut text keeps whole characters and says it was cut', () => {
    expect(truncateText('👍'.repeat(50), 40)).toBe(`${'👍'.repeat(39)}…`);
    expect(truncateText('kort', 40)).toBe('kort');
  });
});
