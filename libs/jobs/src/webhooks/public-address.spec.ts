import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress, NonPublicTarget, publicOnlyLookup } from './public-address';
import { WebhookSender } from './webhook-request';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd00:ec2::254', 'unique-local (AWS metadata over IPv6)'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, in hex'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['2002:a00:1::', '6to4 of a private address'],
    ['not-an-address', 'not an address at all'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('webhook targets without WEBHOOK_ALLOW_PRIVATE', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  const sender = new WebhookSender({ allowPrivate: false });
  const message = { id: 'msg', timestamp: new Date(), body: '{}' };

  beforeAll(async () => {
    server = createServer((_, response) => response.end());
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    sender.close();
    return new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['plain HTTP', () => `http://127.0.0.1:${port}/hook`, /https:\/\/ URLs only/],
    ['a loopback literal', () => `https://127.0.0.1:${port}/hook`, /127\.0\.0\.1 is not a public address/],
    ['an IPv6 loopback literal', () => `https://[::1]:${port}/hook`, /::1 is not a public address/],
    [
      'a name resolving to loopback',
      () => `https://localhost:${port}/hook`,
      /localhost resolves to .* not a public address/,
    ],
  ])('refuses %s before connecting', async (_, url, why) => {
    await expect(sender.post(url(), 'whsec_c2VjcmV0', message)).rejects.toThrow(why);
    expect(connections).toBe(0);
  });

  it('answers a lookup with the addresses it checked, or refuses the name', (done) => {
    publicOnlyLookup('localhost', { all: true }, (error) => {
      expect(error).toBeInstanceOf(NonPublicTarget);
      done();
    });
  });

  it('delivers to loopback over HTTP once WEBHOOK_ALLOW_PRIVATE allows it', async () => {
    const allowing = new WebhookSender({ allowPrivate: true });
    await expect(allowing.post(`http://127.0.0.1:${port}/hook`, 'whsec_c2VjcmV0', message)).resolves.toBe(
      200,
    );
    allowing.close();
  });
});
