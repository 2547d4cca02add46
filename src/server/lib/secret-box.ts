/**
 * Secrets at rest (webhook signing secrets, the links of queued mails, identity providers' client secrets): AES-256-GCM under a key
 * derived (HKDF) from the instance secret and a purpose, so a copy of the database alone reveals
 * none of them.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export function createSecretBox(
  instanceSecret: string,
  purpose: 'webhook-secrets' | 'mail-links' | 'identity-provider-secrets',
) {
  const key = Buffer.from(hkdfSync('sha256', instanceSecret, 'outpost', purpose, 32));
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
    },
    open(sealed: string): string {
      const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
