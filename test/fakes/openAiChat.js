// A fake OpenAI-compatible chat model on 127.0.0.1 (ephemeral port), so that an AI Agent's tool
// path runs without the internet. POST /v1/chat/completions, as OpenAI documents it:
// - while the conversation has no tool result, it answers with one call of the first offered
//   tool whose name matches `toolPattern`, its arguments filled from the user's message (the
//   first phone number in it for every parameter whose name says "number to call" or "number",
//   `extension` for a parameter naming a user, extension or caller);
// - once a tool result is there, it answers in words, quoting the result.
// Streaming requests (stream: true) get the same answer as server-sent chunks. Every request is
// recorded in `requests`; GET /v1/models lists the one model.
// POST /v1/audio/transcriptions (multipart form with `file` and `model`, as OpenAI documents it)
// answers { "text": `transcript` }; each upload is kept in `transcriptions` with the file's bytes.
const http = require('node:http');

const PHONE = /\+?\d[\d\s-]{5,}\d/;

/**
 * @param {{ model?: string, toolPattern?: RegExp, extension?: string, transcript?: string }} [options]
 */
async function startOpenAiChatFake(options = {}) {
	const model = options.model ?? 'gpt-4o-mini';
	const toolPattern = options.toolPattern ?? /call/i;
	const extension = options.extension ?? '101';
	const transcript =
		options.transcript ?? 'Hello, this is Jane Doe calling about my order, please call me back.';
	const requests = [];
	const transcriptions = [];
	let counter = 0;

	function argumentsFor(tool, text) {
		const phone = (PHONE.exec(text)?.[0] ?? '').replace(/[\s-]/g, '');
		const properties = tool.function.parameters?.properties ?? {};
		const args = {};
		for (const name of Object.keys(properties)) {
			if (/user|extension|caller|first/i.test(name)) args[name] = extension;
			else if (/number|phone|second/i.test(name)) args[name] = phone;
		}
		return args;
	}

	/** The assistant's next message for this conversation. */
	function reply(body) {
		const messages = body.messages ?? [];
		const toolResult = messages.find((message) => message.role === 'tool');
		if (toolResult) {
			return {
				message: {
					role: 'assistant',
					content: `Done: the call is placed (${toolResult.content}).`,
				},
				finish: 'stop',
			};
		}
		const tool = (body.tools ?? []).find((candidate) => toolPattern.test(candidate.function?.name));
		const user = [...messages].reverse().find((message) => message.role === 'user');
		const text = typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content);
		if (!tool) {
			return {
				message: { role: 'assistant', content: 'I have no tool to place a call.' },
				finish: 'stop',
			};
		}
		counter += 1;
		return {
			message: {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: `call_${counter}`,
						type: 'function',
						function: {
							name: tool.function.name,
							arguments: JSON.stringify(argumentsFor(tool, text)),
						},
					},
				],
			},
			finish: 'tool_calls',
		};
	}

	/** The multipart upload parsed as a browser's FormData; 400 without `file` or `model`. */
	async function transcribe(req, res, bytes) {
		let form;
		try {
			form = await new Response(bytes, {
				headers: { 'content-type': req.headers['content-type'] ?? '' },
			}).formData();
		} catch {
			form = new FormData();
		}
		const file = form.get('file');
		const model = form.get('model');
		if (typeof file === 'string' || !file || typeof model !== 'string') {
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					error: { message: 'file and model are required', type: 'invalid_request_error' },
				}),
			);
			return;
		}
		transcriptions.push({
			model,
			fileName: file.name,
			mimeType: file.type,
			bytes: Buffer.from(await file.arrayBuffer()),
			authorization: req.headers.authorization,
		});
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ text: transcript }));
	}

	const server = http.createServer(async (req, res) => {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const bytes = Buffer.concat(chunks);
		const path = new URL(req.url, 'http://127.0.0.1').pathname;
		if (req.method === 'POST' && /\/audio\/transcriptions$/.test(path)) {
			requests.push({ method: req.method, path, headers: req.headers, body: null });
			return transcribe(req, res, bytes);
		}
		const raw = bytes.toString('utf8');
		let body = {};
		try {
			body = raw ? JSON.parse(raw) : {};
		} catch {
			// recorded as it came
		}
		requests.push({ method: req.method, path, headers: req.headers, body });

		if (req.method === 'GET' && /\/models$/.test(path)) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					object: 'list',
					data: [{ id: model, object: 'model', owned_by: 'fake' }],
				}),
			);
			return;
		}
		if (req.method !== 'POST' || !/\/chat\/completions$/.test(path)) {
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					error: { message: `No route ${req.method} ${path}`, type: 'invalid_request_error' },
				}),
			);
			return;
		}
		const { message, finish } = reply(body);
		const id = `chatcmpl-fake-${requests.length}`;
		const created = Math.floor(Date.now() / 1000);
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (body.stream) {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const send = (choice, extra = {}) =>
				res.write(
					`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [choice], ...extra })}\n\n`,
				);
			const delta = { role: 'assistant', content: message.content ?? '' };
			if (message.tool_calls) {
				delta.tool_calls = message.tool_calls.map((call, index) => ({ index, ...call }));
			}
			send({ index: 0, delta, finish_reason: null });
			send({ index: 0, delta: {}, finish_reason: finish }, { usage });
			res.end('data: [DONE]\n\n');
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				id,
				object: 'chat.completion',
				created,
				model,
				choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
				usage,
			}),
		);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}/v1`,
		model,
		transcript,
		requests,
		transcriptions,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startOpenAiChatFake };
