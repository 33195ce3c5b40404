import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * MSAL's network client (injected through system.networkClient) that sends what MSAL addresses to the public
 * authority host to a local server instead, over real HTTP. Everything else MSAL does is its own code.
 */
export class LoopbackNetworkClient implements INetworkModule {
  readonly urls: string[] = [];

  constructor(
    private readonly publicHost: string,
    private readonly localBaseUrl: string,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    this.urls.push(url);
    if (!url.startsWith(`${this.publicHost}/`)) throw new Error(`refusing to send to ${new URL(url).origin}: only ${this.publicHost} is served locally`);
    const response = await fetch(this.localBaseUrl + url.slice(this.publicHost.length), { method, headers: options?.headers, body: options?.body });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: (await response.json()) as T };
  }
}
