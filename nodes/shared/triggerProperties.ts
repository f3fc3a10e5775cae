// The editor side of the PBX triggers (and the PBX Call Event node): the Events, Output and
// Options parameters every trigger shows alike. The pipeline that reads them is trigger.ts.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { COUNTRIES } from './e164';
import { ALL_EVENTS } from './trigger';

export function eventsProperty(events: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		description:
			'Which events start the workflow. Others are answered with 200 and start nothing. A payload the node cannot interpret is always delivered, as event "unknown".',
		options: [
			{ name: 'All Events', value: ALL_EVENTS, description: 'Every event the PBX sends' },
			...events,
		],
	};
}

export const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'normalized',
	options: [
		{
			name: 'Normalized',
			value: 'normalized',
			description: 'The call event shape shared by every PBX, with the payload kept in "raw"',
		},
		{
			name: 'Raw',
			value: 'raw',
			description: 'The payload exactly as the PBX sent it',
		},
	],
};

/**
 * n8n parses the body of a v1 trigger itself unless the node's `options.binaryData` is set,
 * and refuses malformed JSON with 422 before the node runs. Setting it makes the trigger read
 * the raw bytes, so every body reaches the shared intake and nothing is refused unread.
 */
export const rawBodyProperty: INodeProperties = {
	displayName: 'Read Raw Body',
	name: 'options',
	type: 'hidden',
	default: { binaryData: true },
};

/**
 * The visible Options collection. Its parameter is `additionalOptions` because `options` is taken
 * by the hidden `rawBodyProperty`: n8n reads `options.binaryData` from that exact name. Saved
 * workflows hold `additionalOptions`, so it keeps the name.
 */
export function optionsProperty(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'additionalOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, includeRawOption].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}

/**
 * `raw` holds the whole payload, which n8n's Table view shows inline: the row grows as tall as
 * the payload has fields. Leaving it out keeps the table compact and the stored execution small.
 */
export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw Payload',
	name: 'includeRaw',
	type: 'boolean',
	default: true,
	description:
		'Whether normalized events keep the payload as sent in "raw". Turn off for a compact Table view and smaller executions; an event the trigger could not interpret always keeps it.',
};

/**
 * Empty means the workflow's time zone (its settings, else the instance's GENERIC_TIMEZONE), as
 * n8n's own nodes read an unset time zone. A workflow that saved a zone keeps it.
 */
export const timeZoneOption: INodeProperties = {
	displayName: 'PBX Time Zone',
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: 'e.g. Australia/Sydney',
	description:
		'IANA time zone of the PBX, used to read its date-times that carry no UTC offset. Empty: the workflow’s time zone (Workflow Settings, else the n8n instance’s). Normalized times are always UTC.',
};

export const countryOption: INodeProperties = {
	displayName: 'Country',
	name: 'country',
	type: 'options',
	default: '',
	description:
		'Where the PBX is: how its national numbers (with trunk prefix, like 0…) and international numbers without + read in the "e164" field of from, to and contact. Without a country only numbers that start with + get an "e164".',
	options: [
		{ name: 'None', value: '' },
		...Object.entries(COUNTRIES)
			.map(([code, { name }]) => ({ name, value: code }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	],
};
