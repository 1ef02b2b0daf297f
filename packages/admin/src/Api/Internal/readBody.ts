import type { AdminRequest } from '../AdminRequest.js';
import { HttpError } from './HttpError.js';

/**
 * Reads an action's JSON body, at most `limit` bytes: `{}` when empty, 413 past the limit (reading stops there),
 * 400 for malformed JSON or a body that is not an object.
 */
export async function readJsonObject(body: AdminRequest['body'], limit: number): Promise<Record<string, unknown>> {
  const text = await readText(body, limit);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Malformed JSON body: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

async function readText(body: AdminRequest['body'], limit: number): Promise<string> {
  if (body === undefined) return '';
  if (typeof body === 'string') return checkSize(Buffer.from(body), limit).toString('utf8');
  if (body instanceof Uint8Array) return checkSize(Buffer.from(body), limit).toString('utf8');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buffer.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function checkSize(buffer: Buffer, limit: number): Buffer {
  if (buffer.length > limit) throw tooLarge(limit);
  return buffer;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `The body is larger than ${limit} bytes.`);
}
