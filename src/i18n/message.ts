import type en from '../../locales/en.json';

/** A key of the message catalogs (locales/en.json is the reference; every catalog has the same keys). */
export type MessageKey = keyof typeof en;

/**
 * A value put into a message. Plain strings and numbers go in as they are (numbers are formatted for the
 * reader only where the message uses them as a number or plural); a nested message is rendered in the same
 * language first; dates and phone numbers are formatted for the reader's locale and time zone.
 * All of it is JSON data, so a message can be stored (a request's result) and rendered later in another language.
 */
export type MessageParam = string | number | Message | { dateTime: string } | { phone: string };
export type MessageParams = Record<string, MessageParam>;

export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

export function msg(key: MessageKey, params?: MessageParams): Message {
  return params ? { key, params } : { key };
}

/** A key built from data (a command name, a request state); the catalog tests prove every such key exists. */
export function dynamicKey(key: string): MessageKey {
  return key as MessageKey;
}

export function isMessage(value: unknown): value is Message {
  return Boolean(value) && typeof value === 'object' && typeof (value as Message).key === 'string';
}
