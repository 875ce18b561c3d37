import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ToolError } from '../../../tools/common/errors.ts';
import { parsePrometheusText, parsePromValue, PROM_TEXT_LIMITS } from '../../../tools/control/sources/prometheus-text.ts';

function rejects(text: string, pattern: RegExp, code = 'invalid_argument'): void {
  assert.throws(
    () => parsePrometheusText(text),
    (error: unknown) => ToolError.isInstance(error) && error.code === code && pattern.test(error.message),
  );
}

describe('Prometheus text exposition parser', () => {
  test('reads HELP, TYPE, labels with escapes, special values and timestamps', () => {
    const text = [
      '# HELP http_requests_total Requests, "all" of them.\\nSecond line \\\\ end',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '# a plain comment',
      '',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
      'neg{a="b",} -Inf',
      'nan_metric NaN',
    ].join('\n');
    const { families, samples } = parsePrometheusText(text);
    assert.equal(families.get('http_requests_total')?.type, 'counter');
    assert.equal(families.get('http_requests_total')?.help, 'Requests, "all" of them.\nSecond line \\ end');
    assert.equal(samples.length, 7);
    assert.deepEqual(samples[0], { name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestamp: 1395066363000, family: 'http_requests_total', type: 'counter', line: 3 });
    assert.equal(samples[1]!.value, 3);
    assert.deepEqual(samples[2]!.labels, { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
    assert.equal(samples[2]!.value, 1458255915);
    assert.equal(samples[2]!.type, 'untyped');
    assert.equal(samples[3]!.value, 12.47);
    assert.equal(samples[4]!.value, Number.POSITIVE_INFINITY);
    assert.equal(samples[4]!.timestamp, -3982045);
    assert.equal(samples[5]!.value, Number.NEGATIVE_INFINITY);
    assert.deepEqual(samples[5]!.labels, { a: 'b' });
    assert.ok(Number.isNaN(samples[6]!.value));
  });

  test('assigns histogram and summary samples to their family by suffix', () => {
    const text = [
      '# TYPE rpc_seconds histogram',
      'rpc_seconds_bucket{le="0.05"} 24054',
      'rpc_seconds_bucket{le="+Inf"} 144320',
      'rpc_seconds_sum 53423',
      'rpc_seconds_count 144320',
      '# TYPE q summary',
      'q{quantile="0.5"} 4773',
      'q_sum 1.7560473e+07',
      'q_count 2693',
      'rpc_seconds_total 4',
    ].join('\n');
    const { samples } = parsePrometheusText(text);
    assert.deepEqual(
      samples.map((s) => [s.name, s.family, s.type]),
      [
        ['rpc_seconds_bucket', 'rpc_seconds', 'histogram'],
        ['rpc_seconds_bucket', 'rpc_seconds', 'histogram'],
        ['rpc_seconds_sum', 'rpc_seconds', 'histogram'],
        ['rpc_seconds_count', 'rpc_seconds', 'histogram'],
        ['q', 'q', 'summary'],
        ['q_sum', 'q', 'summary'],
        ['q_count', 'q', 'summary'],
        // `_total` is not a histogram suffix: an untyped sample of its own.
        ['rpc_seconds_total', 'rpc_seconds_total', 'untyped'],
      ],
    );
  });

  test('parses real prom-client output', async () => {
    const registry = new Registry();
    const histogram = new Histogram({ name: 'app_request_duration_seconds', help: 'Request latency.\nWith a "quote" and \\ backslash', labelNames: ['route'], buckets: [0.005, 0.01, 0.05], registers: [registry] });
    const counter = new Counter({ name: 'app_errors_total', help: 'Errors', labelNames: ['code'], registers: [registry] });
    const gauge = new Gauge({ name: 'app_inflight_requests', help: 'In flight', registers: [registry] });
    histogram.observe({ route: '/a "b"\\c\nd' }, 0.007);
    histogram.observe({ route: '/a "b"\\c\nd' }, 0.2);
    counter.inc({ code: '500' }, 3);
    gauge.set(-2.5);
    const { families, samples } = parsePrometheusText(await registry.metrics());
    assert.equal(families.get('app_request_duration_seconds')?.type, 'histogram');
    assert.equal(families.get('app_request_duration_seconds')?.help, 'Request latency.\nWith a "quote" and \\ backslash');
    assert.equal(families.get('app_errors_total')?.type, 'counter');
    const buckets = samples.filter((s) => s.name === 'app_request_duration_seconds_bucket');
    assert.deepEqual(buckets.map((b) => [b.labels.le, b.value]), [['0.005', 0], ['0.01', 1], ['0.05', 1], ['+Inf', 2]]);
    assert.equal(buckets[0]!.labels.route, '/a "b"\\c\nd');
    assert.ok(Math.abs(samples.find((s) => s.name === 'app_request_duration_seconds_sum')!.value - 0.207) < 1e-12);
    assert.equal(samples.find((s) => s.name === 'app_errors_total')?.value, 3);
    assert.equal(samples.find((s) => s.name === 'app_inflight_requests')?.value, -2.5);
  });

  test('malformed input fails naming the line', () => {
    rejects('ok 1\nbad{a="1" 2', /line 2: expected "," or "}" after label a/);
    rejects('a{b="1"} x', /line 1: "x" is not a number/);
    rejects('\n\na{b=1} 3', /line 3: label b's value must be in double quotes/);
    rejects('a{b="1} 3', /line 1: label b's value has no closing quote/);
    rejects('a 1 2 3', /line 1: unexpected text/);
    rejects('a 1 1.5', /line 1: timestamp "1.5" is not an integer/);
    rejects('a', /line 1: sample a has no value/);
    rejects('{a="1"} 2', /line 1: a sample starts with a metric name/);
    rejects('a{b="1",b="2"} 1', /label b appears twice/);
    rejects('# TYPE a bogus', /unknown metric type "bogus"/);
    rejects('# TYPE a gauge\n# TYPE a counter', /line 2: a second TYPE for a/);
    rejects('# TYPE h histogram\nh_bucket{x="1"} 1', /line 2: histogram bucket h_bucket has no "le" label/);
    rejects('# TYPE h histogram\nh_bucket{le="big"} 1', /le="big", not a number/);
  });

  test('size limits: bytes and lines', () => {
    rejects('a 1\n'.repeat(Math.ceil(PROM_TEXT_LIMITS.bytes / 4) + 1), /bytes, more than/, 'too_large');
    rejects('\n'.repeat(PROM_TEXT_LIMITS.lines + 1), /lines, more than/, 'too_large');
    rejects(`a{${Array.from({ length: PROM_TEXT_LIMITS.labelsPerSample + 1 }, (_, i) => `l${i}="x"`).join(',')}} 1`, /more than 64 labels/);
  });

  test('values as Go ParseFloat reads them', () => {
    assert.equal(parsePromValue('1e3'), 1000);
    assert.equal(parsePromValue('-.5'), -0.5);
    assert.equal(parsePromValue('+Inf'), Number.POSITIVE_INFINITY);
    assert.equal(parsePromValue('inf'), Number.POSITIVE_INFINITY);
    assert.equal(parsePromValue(''), null);
    assert.equal(parsePromValue('1,5'), null);
    assert.equal(parsePromValue('0x10'), 16);
  });
});
