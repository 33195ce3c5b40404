/**
 * A value as a PowerShell expression that decodes base64 at run time. The text sent to pwsh then holds only
 * [A-Za-z0-9+/=] inside '…', so no character of the value (a path, a token, a password) is ever parsed as source.
 */
export function dataLiteral(value: string): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  return `([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${encoded}')))`;
}

/**
 * Blanks every data literal in text pwsh echoed back (its error messages quote the failing line), and any long
 * base64/base64url run (a token's segments), so a token or password can never reach a log or a reply through an
 * error message. '/' is left out of the run so that file paths stay readable.
 */
export function redactDataLiterals(text: string): string {
  return text.replace(/FromBase64String\('[A-Za-z0-9+/=]*'\)/g, "FromBase64String('[redacted]')").replace(/[A-Za-z0-9+_-]{40,}={0,2}/g, '[redacted]');
}
