import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangePasswordBody, LoginBody, Password, passwordShapeProblem } from '../../../contracts/accounts';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords';

// NIST SP 800-63B §5.1.1.2 (memorized secrets): at least 8 characters (Outpost asks 12), counted
// after Unicode normalisation (NFKC recommended), all printing characters and spaces allowed,
// checked against common, expected and context-specific values. The length and the
// visible-characters half is the contract's; the strength half is zxcvbn-ts with the user's words.

const OLGA = { name: 'Olga Owner', email: 'olga.owner@example.com', organisation: 'Northwind Traders' };

describe('the shape of a password (the contract, shared with the web forms)', () => {
  it('refuses twelve spaces and twelve zero-width spaces: nothing visible', () => {
    expect(passwordShapeProblem(' '.repeat(12))).toMatch(/visible/);
    expect(passwordShapeProblem('\u200b'.repeat(12))).toMatch(/visible/);
  });

  it('refuses every whitespace, control, format and default-ignorable character alone (Zs, Zl, Zp, Cc, Cf)', () => {
    const invisible = [
      '\t', // Cc
      '\u0000', // Cc
      '\u00a0', // Zs no-break space
      '\u2003', // Zs em space
      '\u3000', // Zs ideographic space
      '\u2028', // Zl
      '\u2029', // Zp
      '\u00ad', // Cf soft hyphen
      '\u200c', // Cf zero-width non-joiner
      '\u200d', // Cf zero-width joiner
      '\u2060', // Cf word joiner
      '\ufeff', // Cf zero-width no-break space
      '\u202e', // Cf right-to-left override
      '\u3164', // Lo, but default-ignorable: the Hangul filler
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...invisible), { minLength: 12, maxLength: 40 }), (chars) => {
        expect(passwordShapeProblem(chars.join(''))).toMatch(/visible/);
      }),
    );
    // One visible character among them is enough for the shape; the strength check judges the rest.
    expect(passwordShapeProblem(`${' '.repeat(11)}x`)).toBeNull();
  });

  it('counts code points, not UTF-16 units: eleven emoji are eleven characters', () => {
    expect('🔐'.repeat(11).length).toBe(22);
    expect(passwordShapeProblem('🔐'.repeat(11))).toBe('must be at least 12 characters');
    expect(passwordShapeProblem('🔐'.repeat(12))).toBeNull();
  });

  it('counts after NFKC: a decomposed accent is one character, a ligature three', () => {
    // "ą" typed as a + combining ogonek: twelve code points as sent, six after normalisation.
    const decomposed = 'a\u0328'.repeat(6);
    expect([...decomposed].length).toBe(12);
    expect([...decomposed.normalize('NFKC')].length).toBe(6);
    expect(passwordShapeProblem(decomposed)).toBe('must be at least 12 characters');
    // "ﬃ" (U+FB03) is "ffi" after NFKC: four ligatures are twelve characters.
    expect(passwordShapeProblem('\ufb03'.repeat(4))).toBeNull();
  });

  it('keeps the bounds at 12 and 256 characters and says so in the API', () => {
    expect(passwordShapeProblem('x'.repeat(11))).toBe('must be at least 12 characters');
    expect(passwordShapeProblem('x'.repeat(256))).toBeNull();
    expect(passwordShapeProblem('x'.repeat(257))).toBe('must be at most 256 characters');
    expect(passwordShapeProblem('x'.repeat(100_000))).toBe('must be at most 256 characters');
    // 256 emoji are 512 UTF-16 units: allowed, and sign-in takes them back.
    expect(passwordShapeProblem('🔐'.repeat(256))).toBeNull();
    expect(LoginBody.safeParse({ email: 'a@example.com', password: '🔐'.repeat(256) }).success).toBe(true);
    expect(Password.safeParse('elevenchars').error?.issues[0]?.message).toBe(
      'must be at least 12 characters',
    );
    expect(Password.toJSONSchema()).toMatchObject({ type: 'string', minLength: 12, maxLength: 256 });
  });

  it('refuses the current password as the new one, also when it differs only before NFKC', () => {
    const same = ChangePasswordBody.safeParse({
      currentPassword: 'Zażółć gęślą jaźń',
      newPassword: 'Zażółć gęślą jaźń',
    });
    expect(same.error?.issues).toEqual([
      expect.objectContaining({ path: ['newPassword'], message: 'must differ from the current password' }),
    ]);
    // Full-width letters are their ASCII selves after NFKC, as the hash sees them.
    const fullWidth = ChangePasswordBody.safeParse({
      currentPassword: 'correct horse battery',
      newPassword: 'ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ',
    });
    expect(fullWidth.error?.issues[0]?.message).toBe('must differ from the current password');
    expect(
      ChangePasswordBody.safeParse({
        currentPassword: 'correct horse battery',
        newPassword: 'a brand new passphrase',
      }).success,
    ).toBe(true);
  });
});

describe('the strength of a password (zxcvbn-ts with the user’s own words)', () => {
  it('refuses repeats and common passwords with zxcvbn’s own advice', async () => {
    expect(await passwordWeakness('aaaaaaaaaaaa', OLGA)).toMatch(
      /^is too easy to guess\. Repeated characters/,
    );
    expect(await passwordWeakness('password1234', OLGA)).toMatch(
      /^is too easy to guess\. .*commonly used password/,
    );
    expect(await passwordWeakness('123456789012', OLGA)).toMatch(/commonly used password/);
    expect(await passwordWeakness('P@ssw0rd1234', OLGA)).toMatch(/predictable letter substitutions/);
    // Twelve spaces, had they passed the shape rule, are a repeat too.
    expect(await passwordWeakness(' '.repeat(12), OLGA)).toMatch(/Repeated characters/);
  });

  it('judges the password as it is hashed: full-width and invisible characters change nothing', async () => {
    expect(await passwordWeakness('ｐａｓｓｗｏｒｄ１２３４', OLGA)).toMatch(/commonly used password/);
    expect(await passwordWeakness('pass\u200bword\u200d1234', OLGA)).toMatch(/commonly used password/);
  });

  it('refuses the user’s own e-mail, and the organisation’s name, that pass for anyone else', async () => {
    const stranger = { name: 'Ana Diaz', email: 'ana@example.org', organisation: 'Contoso' };
    expect(await passwordWeakness('olga.owner@example.com', OLGA)).toMatch(/personal or page related data/);
    expect(await passwordWeakness('olga.owner@example.com', stranger)).toBeNull();
    expect(await passwordWeakness('northwindtraders', OLGA)).toMatch(/personal or page related data/);
    expect(await passwordWeakness('northwindtraders', stranger)).toBeNull();
    // The name run together, with the digits and mark people add to pass a rule.
    expect(await passwordWeakness('OlgaOwner2026!', OLGA)).toMatch(/personal or page related data/);
    expect(await passwordWeakness('OlgaOwner2026!', stranger)).toBeNull();
  });

  it('refuses a small change of the password being replaced', async () => {
    const replacing = { ...OLGA, also: ['Kx7 harbour lantern'] };
    expect(await passwordWeakness('Kx7 harbour lantern', replacing)).toMatch(/too easy to guess/);
    expect(await passwordWeakness('Kx7 harbour lantern', OLGA)).toBeNull();
  });

  it('accepts strong passphrases in any script', async () => {
    for (const passphrase of [
      'correct horse battery staple',
      'Zażółć gęślą jaźń', // Polish, with every diacritic
      '吾輩は猫である名前はまだ無い', // Japanese: fourteen characters
      'Съешь же ещё этих мягких', // Russian
      'Ξεσκεπάζω την ψυχοφθόρα', // Greek
      'kX9#mQ2$vL7!',
    ]) {
      expect(passwordShapeProblem(passphrase), passphrase).toBeNull();
      expect(await passwordWeakness(passphrase, OLGA), passphrase).toBeNull();
    }
  });

  it('hashes and verifies a non-Latin password whichever way its accents were typed', async () => {
    const composed = 'Zażółć gęślą jaźń'.normalize('NFC');
    const hash = await hashPassword(composed);
    expect(await verifyPassword(composed.normalize('NFD'), hash)).toBe(true);
  });
});
