import type { CommandSyntax } from '../domain/parser/command-syntax';

/** Commands of the bot itself, beside the operations of the catalog. */
export const HELP: CommandSyntax = {
  name: 'help',
  phrase: 'help',
  aliases: ['?', 'commands'],
  args: [{ name: 'topic', type: 'text', required: false, label: 'a command, or its first words', rest: true }],
  summary: 'List the commands, or explain one: help enable voice.',
  example: 'help enable voice',
};

export const STATUS: CommandSyntax = {
  name: 'status',
  phrase: 'status',
  args: [{ name: 'request', type: 'requestNumber', required: false, label: 'a request number' }],
  summary: 'One request by number, or your latest requests.',
  example: 'status 42',
};

export const MY_REQUESTS: CommandSyntax = {
  name: 'my-requests',
  phrase: 'my requests',
  args: [],
  summary: 'Your latest requests and their state.',
  example: 'my requests',
};

export const APPROVE: CommandSyntax = {
  name: 'approve',
  phrase: 'approve',
  args: [{ name: 'request', type: 'requestNumber', required: true, label: 'the request number' }],
  summary: 'Approve a request (the same as the card button).',
  example: 'approve 42',
};

export const REJECT: CommandSyntax = {
  name: 'reject',
  phrase: 'reject',
  args: [
    { name: 'request', type: 'requestNumber', required: true, label: 'the request number' },
    { name: 'reason', type: 'text', required: false, label: 'a reason', rest: true },
  ],
  summary: 'Reject a request, with a reason (the same as the card button).',
  example: 'reject 42 wrong number',
};

export const CANCEL: CommandSyntax = {
  name: 'cancel',
  phrase: 'cancel',
  args: [{ name: 'request', type: 'requestNumber', required: true, label: 'the request number' }],
  summary: 'Cancel your own request before it starts (the same as the card button).',
  example: 'cancel 42',
};

export const PENDING: CommandSyntax = {
  name: 'pending',
  phrase: 'pending',
  args: [],
  summary: 'Requests waiting for your approval.',
  example: 'pending',
};

export const HISTORY: CommandSyntax = {
  name: 'history',
  phrase: 'history',
  args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
  summary: "A user's latest requests, newest first.",
  example: 'history alice@contoso.com',
};

export const CHECK_DNS: CommandSyntax = {
  name: 'check-dns',
  phrase: 'check dns',
  args: [
    { name: 'domain', type: 'domain', required: true, label: 'the SIP domain' },
    { name: 'edge', type: 'domain', required: false, label: 'the Access Edge FQDN' },
  ],
  summary: 'Check the Access Edge A record and the SIP SRV records of a domain (the edge defaults to ap.<domain>).',
  example: 'check dns contoso.com sip.contoso.com',
};
