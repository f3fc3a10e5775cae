import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

// Setup notices. n8n renders a notice keeping only <a>, <ul> and <li> (no <br>, <code> or <b>),
// so every line a user copies (an ini line, a URL, a header) is one list item.

/** The lines to copy, one per list item. */
export function noticeLines(...lines: string[]): string {
	return `<ul>${lines.map((line) => `<li>${line}</li>`).join('')}</ul>`;
}

/** Where a trigger's Production URL is: the Webhook URLs section opens collapsed, on Test URL. */
export const PRODUCTION_URL =
	'this node’s Production URL (open Webhook URLs at the top of this panel, then its Production URL tab)';

/**
 * The subtitle under an action node on the canvas: what the selected operation does ("Make a
 * call"), from each operation's `action`, instead of the internal values ("make: call").
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const cases: string[] = [];
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				if (option.action === undefined) continue;
				const when = `$parameter["resource"] === ${JSON.stringify(resource)} && $parameter["operation"] === ${JSON.stringify(option.value)}`;
				cases.push(`${when} ? ${JSON.stringify(option.action)}`);
			}
		}
	}
	return `={{ ${[...cases, '""'].join(' : ')} }}`;
}

/**
 * The subtitle under a trigger on the canvas: "All events", the one event's name, or how many
 * events, instead of the selected values ("*", "endedIncoming").
 */
export function eventsSubtitle(events: INodePropertyOptions[]): string {
	const names = `{${events.map(({ name, value }) => `${JSON.stringify(value)}: ${JSON.stringify(name)}`).join(', ')}}`;
	const selected = '$parameter["events"]';
	return `={{ ${selected}.includes("*") ? "All events" : ${selected}.length === 1 ? (${names})[${selected}[0]] ?? ${selected}[0] : ${selected}.length + " events" }}`;
}
