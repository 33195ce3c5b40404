import type { AuditRecord } from '../domain/audit/audit-record';
import { replyLines } from '../cards/reply-lines';
import { dynamicKey } from '../i18n/message';
import { msg } from '../i18n/message';
import { UserError } from '../domain/errors';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import { validateValue } from '../domain/parser/value-types';
import { argumentLabel } from '../domain/parser/parse-command';
import type { Translator } from '../i18n/translator';
import type { Actor } from '../domain/requests/request';
import type { Store } from '../ports/store';
import type { CommandHandler } from '../bot/turn';
import { SYSTEM_ACTOR } from '../domain/requests/request-service';

export const AUDIT: CommandSyntax = {
  name: 'audit',
  phrase: 'audit',
  args: [{ name: 'subject', type: 'text', required: false, label: 'a request number or a user (UPN)' }],
  summary: 'The audit trail (auditors only): latest entries, one user (audit alice@contoso.com) or one request (audit 42).',
  example: 'audit 42',
};

/** Entries per answer: enough for a request's story, short enough for a phone screen. */
export const AUDIT_PAGE = 12;

export interface AuditCommandDeps {
  store: Pick<Store, 'queryAudit' | 'appendAudit'>;
  mayRead: (actor: Actor) => boolean;
  tenantId: string;
}

/** `audit`, `audit <upn>`, `audit 42`. Every look, allowed or refused, is itself on the record before any answer. */
export function auditCommand(deps: AuditCommandDeps): CommandHandler {
  return async (turn, values) => {
    const subject = parseSubject(values.subject);
    if (!deps.mayRead(turn.actor)) {
      await onRecord(deps, turn.actor, subject, false);
      throw new UserError(
        'NOT_AUTHORIZED',
        msg('error.notAuditor', { objectId: turn.actor.objectId }),
      );
    }
    const records =
      subject.kind === 'request'
        ? await deps.store.queryAudit({ requestId: subject.id, limit: AUDIT_PAGE })
        : await deps.store.queryAudit({ objectId: subject.kind === 'user' ? subject.upn : undefined, limit: AUDIT_PAGE, newestFirst: true });
    // The look is recorded before anything is shown (fail closed), after the read so it is not its own answer.
    await onRecord(deps, turn.actor, subject, true);
    const { t } = turn;
    if (subject.kind === 'request') {
      const id = String(subject.id);
      const lines = replyLines(records.map((r) => line(t, r, false)));
      const zone = t.zoneName(records[0]?.creationTime);
      await turn.reply(records.length ? t.t('audit.requestEntries', { id, count: records.length, zone, lines }) : t.t('audit.requestNone', { id }));
      return;
    }
    const title = subject.kind === 'user' ? t.t('audit.userTitle', { user: subject.upn }) : t.t('audit.latestTitle');
    const lines = replyLines(records.map((r) => line(t, r, true)));
    const zone = t.zoneName(records[0]?.creationTime);
    await turn.reply(records.length ? t.t('audit.list', { title, zone, lines }) : t.t('audit.none', { title }));
  };
}

type Subject = { kind: 'latest' } | { kind: 'request'; id: number } | { kind: 'user'; upn: string };

function parseSubject(raw: string | number | undefined): Subject {
  if (raw === undefined) return { kind: 'latest' };
  const text = String(raw);
  if (/^#?\d+$/.test(text)) return { kind: 'request', id: validateValue('requestNumber', text, argumentLabel(AUDIT, 'subject')) as number };
  if (!text.includes('@')) {
    throw new UserError('INVALID_VALUE', msg('error.auditBadSubject'));
  }
  return { kind: 'user', upn: validateValue('upn', text, argumentLabel(AUDIT, 'subject')) as string };
}

async function onRecord(deps: AuditCommandDeps, actor: Actor, subject: Subject, allowed: boolean): Promise<void> {
  try {
    await deps.store.appendAudit({
      operation: 'AuditLogSearched',
      userId: actor.name,
      actorObjectId: actor.objectId,
      objectId: subject.kind === 'user' ? subject.upn : subject.kind === 'request' ? `#${subject.id}` : '',
      parameters: { query: subject.kind },
      resultStatus: allowed ? 'Succeeded' : 'Refused',
      tenantId: deps.tenantId,
      requestId: subject.kind === 'request' ? subject.id : null,
      requestHash: null,
    });
  } catch {
    throw new UserError('AUDIT_UNAVAILABLE', msg('error.auditLookupUnaudited'));
  }
}

// One short line per entry, in the reader's words and time zone (the heading names the zone):
// "#17 11/23, 10:04 AM request filed, pending · Megan Bowen · alice@contoso.com (req 3)".
// The schema's own names (RequestCreated, Pending) are in `voiceops audit export`, where an auditor needs them.
function line(t: Translator, record: AuditRecord, withRequest: boolean): string {
  const target = record.objectId ? ` · ${record.objectId}` : '';
  const request = withRequest && record.requestId !== null && record.operation !== 'AuditLogSearched' ? t.t('audit.lineRequest', { id: String(record.requestId) }) : '';
  return t.t('audit.line', {
    sequence: String(record.sequence),
    when: t.shortDateTime(record.creationTime),
    operation: schemaWords(t, 'audit.operation', record.operation),
    result: schemaWords(t, 'audit.result', record.resultStatus),
    who: actorName(t, record),
    target,
    request,
  });
}

/** The catalog's words for a schema name; a name from a newer or older schema than this code is shown as stored. */
function schemaWords(t: Translator, prefix: 'audit.operation' | 'audit.result', name: string): string {
  const key = `${prefix}.${name}`;
  return t.has(key) ? t.t(dynamicKey(key)) : name;
}

/** Who acted: a person's display name as stored; the bot's own executor and workers in the reader's words. */
function actorName(t: Translator, record: AuditRecord): string {
  if (record.actorObjectId !== SYSTEM_ACTOR.objectId) return record.userId;
  if (record.userId === SYSTEM_ACTOR.name) return t.t('audit.actor.executor');
  const worker = /^voiceops worker (\S+)$/.exec(record.userId);
  return worker ? t.t('audit.actor.worker', { id: worker[1] }) : record.userId;
}
