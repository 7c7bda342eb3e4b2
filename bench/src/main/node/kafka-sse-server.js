'use strict';
// The gateway's peer in the fan-out benchmark: Wikimedia's KafkaSSE (npm kafka-sse 0.4.2, one Kafka
// consumer per client) behind a plain Node HTTP server, with the library's defaults.
// GET /<topic>,<topic>  -> SSE; GET /health -> 200; GET /memory -> process.memoryUsage() after a GC.
// Env: PORT, KAFKA_BROKERS. Run with --expose-gc and UV_THREADPOOL_SIZE >= clients.
const http = require('http');
const kafkaSse = require('kafka-sse');

const port = Number(process.env.PORT || 6917);
const options = { kafkaConfig: { 'metadata.broker.list': process.env.KAFKA_BROKERS || '127.0.0.1:9092' } };
let open = 0;

const server = http.createServer((req, res) => {
    if (req.url === '/health') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end(`ok ${open}\n`);
    }
    if (req.url === '/memory') {
        if (global.gc) { global.gc(); }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify(Object.assign({ open }, process.memoryUsage())));
    }
    const topics = req.url.replace('/', '').split('?')[0].split(',');
    open++;
    kafkaSse(req, res, topics, options)
        .catch((e) => console.error(`kafka-sse request failed: ${e}`))
        .finally(() => { open--; });
});
server.maxConnections = 100000;
server.listen(port, '127.0.0.1', () => console.log(`kafka-sse peer listening on 127.0.0.1:${port}`));
