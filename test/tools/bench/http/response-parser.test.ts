import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ResponseParser } from '../../../../tools/bench/http/response-parser.ts';

function parse(chunks: string[], expectsBody = true) {
  const seen: [number, boolean][] = [];
  const parser = new ResponseParser((status, keepAlive) => seen.push([status, keepAlive]), expectsBody);
  const ok = chunks.every((c) => parser.execute(Buffer.from(c, 'latin1')));
  return { seen, ok, parser };
}

describe('ResponseParser', () => {
  test('pipelined content-length responses in one read', () => {
    const one = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    const { seen, ok } = parse([one + one + 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n']);
    assert.ok(ok);
    assert.deepEqual(seen, [[200, true], [200, true], [404, true]]);
  });

  test('a response split at every byte', () => {
    const text = 'HTTP/1.1 201 Created\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world';
    const { seen } = parse(text.split(''));
    assert.deepEqual(seen, [[201, false]]);
  });

  test('chunked bodies with trailers, split across reads', () => {
    const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n';
    const whole = parse([text]);
    assert.deepEqual(whole.seen, [[200, true]]);
    const split = parse([text.slice(0, 50), text.slice(50, 61), text.slice(61)]);
    assert.deepEqual(split.seen, [[200, true]]);
  });

  test('HEAD and 204 responses have no body; HTTP/1.0 closes by default', () => {
    assert.deepEqual(parse(['HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n'], false).seen, [[200, true]]);
    assert.deepEqual(parse(['HTTP/1.1 204 No Content\r\n\r\n']).seen, [[204, true]]);
    const until = parse(['HTTP/1.0 200 OK\r\n\r\nbody until close']);
    assert.deepEqual(until.seen, []);
    until.parser.end();
    assert.deepEqual(until.seen, [[200, false]]);
  });

  test('garbage is rejected', () => {
    assert.equal(parse(['NOT HTTP AT ALL\r\n\r\n']).ok, false);
  });
});
