import { dirname, join } from 'node:path';
import * as restify from 'restify';
import { PROJECT_ROOT } from '../../src/config/project-root';

// restify 11 requires spdy when it loads; the real spdy cannot load on Node.js 24 (its http-deceiver calls
// process.binding('http_parser'), which Node 24 removed), so package.json puts vendor/spdy-unavailable in its place.
describe('the spdy stand-in restify loads', () => {
  test('restify resolves spdy to the stand-in, not the registry package', () => {
    const fromRestify = require.resolve('spdy', { paths: [dirname(require.resolve('restify'))] });
    expect(fromRestify).toBe(join(PROJECT_ROOT, 'vendor', 'spdy-unavailable', 'index.js'));
  });

  test('a plain HTTP/1.1 server is created as before', () => {
    const server = restify.createServer({ name: 'probe' });
    expect(server.name).toBe('probe');
    server.close();
  });

  test('asking restify for HTTP/2 through spdy says why it is not available', () => {
    expect(() => restify.createServer({ spdy: {} } as restify.ServerOptions)).toThrow(/spdy option \(HTTP\/2\) is not available in voiceops/);
  });
});
