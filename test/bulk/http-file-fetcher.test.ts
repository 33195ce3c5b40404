import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpFileFetcher } from '../../src/adapters/http/http-file-fetcher';
import { csvAttachmentOf, otherFileOf, TEAMS_FILE_DOWNLOAD_INFO } from '../../src/bot/file-attachment';

const upload = (downloadUrl: string, name = 'users.csv') => ({ contentType: TEAMS_FILE_DOWNLOAD_INFO, name, content: { downloadUrl, fileType: name.split('.').pop() } });

describe('downloading an uploaded CSV file', () => {
  let server: Server;
  let base = '';

  beforeAll(async () => {
    // Streams more than it declares (no content-length): the cap must hold while reading.
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      if (req.url === '/endless.csv') {
        const chunk = 'x'.repeat(1024);
        for (let i = 0; i < 64; i += 1) res.write(chunk);
      } else res.write('upn,number,site,international\n');
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('when production gets a plain http link, then it refuses to fetch it', async () => {
    const fetcher = new HttpFileFetcher({ maxBytes: 10_000, timeoutMs: 5_000, allowLoopbackHttp: false });
    await expect(fetcher.fetchText(upload(`${base}/users.csv`))).rejects.toThrow('I can only download files Teams shares with me');
  });

  test('when a file streams past the cap, then reading stops and the file is refused', async () => {
    const fetcher = new HttpFileFetcher({ maxBytes: 4_096, timeoutMs: 5_000, allowLoopbackHttp: true });
    await expect(fetcher.fetchText(upload(`${base}/endless.csv`))).rejects.toThrow('The file is larger than 4 KB');
    expect(await fetcher.fetchText(upload(`${base}/users.csv`))).toBe('upn,number,site,international\n');
  });

  test('when the upload is a spreadsheet, then it is not taken for CSV', () => {
    const xlsx = upload(`${base}/users.xlsx`, 'users.xlsx');
    expect(csvAttachmentOf([xlsx])).toBeUndefined();
    expect(otherFileOf([xlsx])).toBe(xlsx);
    expect(csvAttachmentOf([{ contentType: 'text/csv', content: 'a,b,c,d' }])).toBeDefined();
  });
});
