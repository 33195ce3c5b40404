import { dataLiteral } from '../powershell/powershell-literal';
import { EntraAppTokens, GRAPH_SCOPE, TEAMS_ADMIN_SCOPE } from './entra-app-tokens';
import type { SessionConnectPlan, TenantConnection } from './tenant-connection';

/** The on-premises Exchange remote session (Exchange OAuth steps run there). */
export interface ExchangeRemoteSession {
  /** e.g. http://exchange01.contoso.com/PowerShell/ */
  connectionUri: string;
  /** Kerberos (default, the service account's own ticket) or Basic/Negotiate with the credential below. */
  authentication: 'Kerberos' | 'Negotiate' | 'Basic';
  username?: string;
  password?: string;
}

export interface Microsoft365ConnectionOptions {
  tokens: Pick<EntraAppTokens, 'token'>;
  /** Module that provides Connect-MicrosoftTeams; default the MicrosoftTeams module from PSModulePath. */
  teamsModule?: string;
  exchange?: ExchangeRemoteSession;
}

/**
 * A real tenant: Connect-MicrosoftTeams -AccessTokens with app-only Graph and Teams tokens, plus (optionally) the
 * on-premises Exchange management session imported into the same runspace. Tokens travel as data literals.
 */
export class Microsoft365Connection implements TenantConnection {
  readonly description: string;

  constructor(private readonly options: Microsoft365ConnectionOptions) {
    this.description = `Microsoft 365 (app-only)${options.exchange ? ` + Exchange at ${options.exchange.connectionUri}` : ''}`;
  }

  async connectPlan(): Promise<SessionConnectPlan> {
    // Microsoft documents the order: the Graph token first, then the Teams token.
    const graph = await this.options.tokens.token(GRAPH_SCOPE);
    const teams = await this.options.tokens.token(TEAMS_ADMIN_SCOPE);
    const statements = [
      `$null = Connect-MicrosoftTeams -AccessTokens @(${dataLiteral(graph.accessToken)}, ${dataLiteral(teams.accessToken)}) -ErrorAction Stop`,
      ...(this.options.exchange ? exchangeStatements(this.options.exchange) : []),
    ];
    return {
      modules: [this.options.teamsModule ?? 'MicrosoftTeams'],
      statements,
      expiresAt: Math.min(graph.expiresAt, teams.expiresAt),
    };
  }
}

/** New-PSSession to the Exchange server's Microsoft.Exchange endpoint, then Import-PSSession, as Microsoft documents. */
export function exchangeStatements(exchange: ExchangeRemoteSession): string[] {
  if (!['Kerberos', 'Negotiate', 'Basic'].includes(exchange.authentication)) {
    throw new Error(`unsupported Exchange authentication ${JSON.stringify(exchange.authentication)}`);
  }
  const credential =
    exchange.username !== undefined
      ? ` -Credential ([System.Management.Automation.PSCredential]::new(${dataLiteral(exchange.username)}, ` +
        `[System.Net.NetworkCredential]::new('', ${dataLiteral(exchange.password ?? '')}).SecurePassword))`
      : '';
  return [
    `$VoiceOpsExchangeSession = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri ${dataLiteral(exchange.connectionUri)} ` +
      `-Authentication ${exchange.authentication}${credential} -ErrorAction Stop`,
    '$null = Import-PSSession -Session $VoiceOpsExchangeSession -DisableNameChecking -AllowClobber -ErrorAction Stop',
  ];
}
