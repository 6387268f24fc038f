/*
 * WeChat's and WeCom's encrypted pushes (安全模式; WeCom's callbacks are always so): `msg_signature`
 * is the SHA-1 of the token, timestamp, nonce and ciphertext, sorted and joined; the ciphertext is
 * AES-256-CBC of 16 random bytes, the message's length (4 bytes, network order), the message and the
 * receiver's id (the AppID, or WeCom's CorpID), PKCS#7-padded to 32 bytes, with the key
 * Base64_Decode(EncodingAESKey + "=") and its first 16 bytes as the IV (WeCom document 91144; WeChat's
 * message push guide). Web Crypto only, so it runs on Node, Deno and edge workers alike.
 */
import { AutoreplyError } from "../core/index.js";

/** What the platform's console shows for the push URL: the Token, the EncodingAESKey, and whose messages they are. */
export interface PushKeys {
  readonly token: string;
  /** The 43 characters the console gives. */
  readonly encodingAesKey: string;
  /** The official account's or mini program's AppID, or WeCom's CorpID: a push for another one is refused. */
  readonly receiveId: string;
}

/** An encrypted push as it comes: `msg_signature`, `timestamp` and `nonce` from the URL, `Encrypt` from the body. */
export interface SealedPush {
  readonly signature: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly encrypt: string;
}

type Bytes = Uint8Array;

/** What this module uses of the Web platform (Web Crypto, Base64, UTF-8), as every runtime of the host kit has it. */
interface Web {
  readonly crypto: {
    readonly subtle: {
      importKey(format: "raw", key: Bytes, algorithm: "AES-CBC", extractable: false, usages: readonly ("encrypt" | "decrypt")[]): Promise<object>;
      encrypt(algorithm: { readonly name: "AES-CBC"; readonly iv: Bytes }, key: object, data: Bytes): Promise<ArrayBuffer>;
      decrypt(algorithm: { readonly name: "AES-CBC"; readonly iv: Bytes }, key: object, data: Bytes): Promise<ArrayBuffer>;
      digest(algorithm: "SHA-1", data: Bytes): Promise<ArrayBuffer>;
    };
    getRandomValues(array: Bytes): Bytes;
  };
  atob(text: string): string;
  btoa(text: string): string;
  readonly TextEncoder: new () => { encode(text: string): Bytes };
  readonly TextDecoder: new () => { decode(bytes: Bytes): string };
}
const web = (): Web => globalThis as unknown as Web;
const subtle = () => web().crypto.subtle;
const refuse = (why: string): never => {
  throw new AutoreplyError("PUSH_INVALID", `push: ${why}`);
};

function fromBase64(text: string): Bytes {
  try {
    return Uint8Array.from(web().atob(text), (c) => c.charCodeAt(0));
  } catch {
    return refuse("the ciphertext is not Base64");
  }
}

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return web().btoa(text);
}

async function aesKey(keys: PushKeys): Promise<{ key: object; iv: Bytes }> {
  const raw = /^[A-Za-z0-9]{43}$/.test(keys.encodingAesKey) ? fromBase64(`${keys.encodingAesKey}=`) : refuse("the EncodingAESKey should be the 43 letters and digits the console shows");
  return { key: await subtle().importKey("raw", raw, "AES-CBC", false, ["encrypt", "decrypt"]), iv: raw.slice(0, 16) };
}

/** The SHA-1 of a text's UTF-8, in hex (also the name Redis gives a script: EVALSHA). */
export async function sha1Hex(text: string): Promise<string> {
  const digest = await subtle().digest("SHA-1", new (web().TextEncoder)().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `msg_signature`: the SHA-1, in hex, of the four texts sorted and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string, encrypt: string): Promise<string> {
  return sha1Hex([token, timestamp, nonce, encrypt].sort().join(""));
}

/** Compares two signatures in a time that does not depend on where they differ (their length is no secret). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The message of an encrypted push, its signature and receiver checked; `PUSH_INVALID` otherwise (decide nothing from it). */
export async function openPush(keys: PushKeys, push: SealedPush): Promise<string> {
  if (!sameText(await pushSignature(keys.token, push.timestamp, push.nonce, push.encrypt), push.signature.toLowerCase())) refuse("msg_signature does not match: not signed with this Token");
  const data = fromBase64(push.encrypt);
  if (data.length < 32 || data.length % 32 !== 0) refuse("the ciphertext is not whole 32-byte blocks");
  const { key, iv } = await aesKey(keys);
  // Web Crypto strips PKCS#7 in 16-byte blocks: one more block, encrypting a full padding block
  // after the last, leaves the platform's own 32-byte padding to take off here.
  const tail = new Uint8Array(await subtle().encrypt({ name: "AES-CBC", iv: data.slice(-16) }, key, new Uint8Array(16).fill(16))).slice(0, 16);
  const joined = new Uint8Array(data.length + 16);
  joined.set(data);
  joined.set(tail, data.length);
  let plain: Bytes;
  try {
    plain = new Uint8Array(await subtle().decrypt({ name: "AES-CBC", iv }, key, joined));
  } catch {
    return refuse("it does not decrypt with this EncodingAESKey");
  }
  const pad = plain[plain.length - 1] as number;
  if (pad < 1 || pad > 32 || plain.subarray(plain.length - pad).some((b) => b !== pad)) refuse("it does not decrypt with this EncodingAESKey (bad padding)");
  const body = plain.subarray(16, plain.length - pad);
  const length = body.length < 4 ? -1 : new DataView(body.buffer, body.byteOffset, 4).getUint32(0);
  if (length < 0 || 4 + length > body.length) refuse("it does not decrypt with this EncodingAESKey (bad length)");
  const decoder = new (web().TextDecoder)();
  const receiver = decoder.decode(body.subarray(4 + length));
  if (receiver !== keys.receiveId) refuse(`it is for ${JSON.stringify(receiver)}, not ${JSON.stringify(keys.receiveId)}`);
  return decoder.decode(body.subarray(4, 4 + length));
}

/** `message` encrypted and signed (a passive reply in safe mode); `random`: the 16 bytes before it, fresh by default. */
export async function sealPush(keys: PushKeys, message: string, at: { readonly timestamp: string; readonly nonce: string; readonly random?: Bytes }): Promise<{ readonly encrypt: string; readonly signature: string }> {
  const encoder = new (web().TextEncoder)();
  const text = encoder.encode(message);
  const receiver = encoder.encode(keys.receiveId);
  const random = at.random ?? web().crypto.getRandomValues(new Uint8Array(16));
  if (random.length !== 16) throw new AutoreplyError("OPTION_INVALID", `sealPush: random should be 16 bytes, received ${random.length}`);
  const size = 20 + text.length + receiver.length;
  const pad = 32 - (size % 32);
  const body = new Uint8Array(size + pad).fill(pad);
  body.set(random);
  new DataView(body.buffer).setUint32(16, text.length);
  body.set(text, 20);
  body.set(receiver, 20 + text.length);
  const { key, iv } = await aesKey(keys);
  // Web Crypto adds a 16-byte padding block of its own: the blocks before it are the platform's.
  const encrypted = new Uint8Array(await subtle().encrypt({ name: "AES-CBC", iv }, key, body)).slice(0, body.length);
  const encrypt = toBase64(encrypted);
  return { encrypt, signature: await pushSignature(keys.token, at.timestamp, at.nonce, encrypt) };
}
