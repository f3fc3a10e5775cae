// One number format: every party gets `e164` beside `number` (kept as the PBX spelled it), so the
// same caller reads the same on every PBX. The Country option says how national numbers read.
import type { IDataObject } from 'n8n-workflow';

import { COUNTRIES, isCountry, partyE164, toE164 } from '../../../nodes/shared/e164';
import { countryOption } from '../../../nodes/shared/triggerProperties';
import { callTrigger, type PbxName } from '../../support/triggers';

/**
 * One number per country as each PBX sends it: VoIPcloud in E.164, KOMPaaS international without
 * `+` (a JSON number), 3CX national with the trunk prefix (North America: 10 digits).
 */
const NUMBERS = [
	{ country: 'AU', e164: '+61298765432', kompaas: 61298765432, threeCx: '0298765432' },
	{ country: 'AT', e164: '+436641234567', kompaas: 436641234567, threeCx: '06641234567' },
	{ country: 'TR', e164: '+905552221133', kompaas: 905552221133, threeCx: '05552221133' },
	{ country: 'GB', e164: '+442079460958', kompaas: 442079460958, threeCx: '02079460958' },
	{ country: 'US', e164: '+12125550123', kompaas: 12125550123, threeCx: '2125550123' },
	{ country: 'DE', e164: '+4930123456789', kompaas: 4930123456789, threeCx: '030123456789' },
];

describe('partyE164', () => {
	it.each(NUMBERS)('$country: the national, international and E.164 spellings agree', (n) => {
		expect(partyE164(n.e164, n.country)).toBe(n.e164);
		expect(partyE164(String(n.kompaas), n.country)).toBe(n.e164);
		expect(partyE164(n.threeCx, n.country)).toBe(n.e164);
	});

	it.each([
		['AU', '0011 43 664 1234567', '+436641234567'],
		['AT', '00905552221133', '+905552221133'],
		['US', '011 44 20 7946 0958', '+442079460958'],
		['US', '1 (212) 555-0123', '+12125550123'],
		['CA', '416-555-0199', '+14165550199'],
		['GB', '020 7946 0958', '+442079460958'],
		['DE', '0170/1234567'.replace('/', ' '), '+491701234567'],
		['TR', '0 (555) 222 11 33', '+905552221133'],
		['AT', '+43 664 123 45 67', '+436641234567'],
		// International without +: from 9 digits on, up to 13 even where national numbers have 13.
		['AT', '431234567', '+431234567'],
		['AT', '4319876543210', '+4319876543210'],
		['US', '442079460958', '+442079460958'],
	])('%s: %s is %s', (country, number, e164) => {
		expect(partyE164(number, country)).toBe(e164);
	});

	it.each([
		['AU', '101', 'an extension'],
		['AT', '2001', 'an extension'],
		['US', '5550123', 'a local number without its area code'],
		['DE', '12345678', 'a local number without its area code'],
		['GB', '0123', 'a trunk prefix with too few digits'],
		['AU', '02987654321', 'a trunk prefix with too many digits'],
		['US', '1212555012', 'the North American trunk prefix with too few digits'],
		['AT', 'anonymous', 'no number'],
		['AT', 'sip:101@pbx.example', 'a SIP address'],
		['AT', '+0436641234567', 'a + before a 0'],
		['AT', '+4366412345678901', 'more than 15 digits'],
		['AT', '43123456', 'eight digits without a prefix'],
		['AT', '0664 123 456x', 'a trunk prefix and a letter'],
		['AT', '0043 664 1234567 ext', 'an international prefix and letters'],
		['US', '212555012x', 'ten characters in North America, one a letter'],
		['AT', '', 'empty'],
	])('%s: %s stays null (%s)', (country, number) => {
		expect(partyE164(number, country)).toBeNull();
	});

	it('without a country only +… numbers are converted: 00 and 0 depend on where the PBX is', () => {
		expect(partyE164('+61 2 9876 5432', null)).toBe('+61298765432');
		expect(partyE164('+61 2 9876 5432', undefined)).toBe('+61298765432');
		for (const number of ['61298765432', '0298765432', '00436641234567', '101']) {
			expect(partyE164(number, null)).toBeNull();
		}
		// An unknown country is no country.
		expect(partyE164('0298765432', 'XX')).toBeNull();
		expect(partyE164('0298765432', 'toString')).toBeNull();
	});

	it('reads only strings', () => {
		expect(partyE164(61298765432, 'AU')).toBeNull();
		expect(partyE164(null, 'AU')).toBeNull();
		expect(partyE164(undefined, 'AU')).toBeNull();
	});

	it('takes a country code only as text', () => {
		expect(isCountry('AU')).toBe(true);
		// An expression that gives ['AU'] reads as "AU" as a property key.
		expect(isCountry(['AU'])).toBe(false);
		expect(partyE164('0298765432', ['AU'] as unknown as string)).toBeNull();
	});

	it('offers every country of the table, and None first', () => {
		const options = (countryOption.options ?? []) as Array<{ name: string; value: string }>;
		expect(countryOption.default).toBe('');
		expect(options[0]).toEqual({ name: 'None', value: '' });
		expect(options.slice(1).map((o) => o.value)).toEqual(
			Object.entries(COUNTRIES)
				.sort(([, a], [, b]) => a.name.localeCompare(b.name))
				.map(([code]) => code),
		);
	});
});

describe('toE164', () => {
	it('takes a number in E.164 form, written with spaces, dashes, dots or brackets', () => {
		expect(toE164(' +61 (2) 9876-5432. ')).toBe('+61298765432');
		expect(toE164('\t+436641234567\n')).toBe('+436641234567');
	});

	it('is null for anything else', () => {
		for (const value of ['0298765432', '+0298765432', '+61 2 9876 5432 x', '', 61298765432, null]) {
			expect(toE164(value)).toBeNull();
		}
	});
});

/** An inbound call from `caller` ringing extension 101, as each PBX sends it. */
function ringing(pbx: PbxName, caller: string | number): IDataObject {
	switch (pbx) {
		case 'voipcloud':
			return {
				type: 'user_inbound',
				unique_call_id: '1768480200.7',
				caller_id: caller,
				dest_number: '+61280001000',
				user_number: '101',
				call_start_at: '2026-01-15 10:00:00',
			};
		case 'kompaas':
			return {
				event: 'VpbxInboundCallStart',
				callId: '1768480200.7',
				uniqueId: '1768480200.7',
				callerNumber: caller,
				did: 4312041200,
				timestamp: 1768480200,
			};
		default:
			return {
				Event: 'ringing',
				Callerid: caller,
				User: '101',
				Usertype: 'ext',
				Did: '',
				Id: '260115100000_18-0',
			};
	}
}

async function parties(pbx: PbxName, caller: string | number, country?: string) {
	const { result } = await callTrigger(pbx, {
		body: ringing(pbx, caller),
		parameters: country === undefined ? {} : { additionalOptions: { country } },
	});
	const [item] = result.workflowData?.[0] ?? [];
	return item.json as { from: IDataObject; to: IDataObject; contact: IDataObject };
}

describe('the triggers: one caller, one e164 on every PBX', () => {
	it.each(NUMBERS)('$country: $e164, $kompaas and $threeCx', async (n) => {
		const sent: Record<PbxName, string | number> = {
			voipcloud: n.e164,
			kompaas: n.kompaas,
			'3cx': n.threeCx,
		};
		for (const pbx of ['voipcloud', 'kompaas', '3cx'] as const) {
			const { from, contact } = await parties(pbx, sent[pbx], n.country);
			// `number` stays as the PBX spelled it.
			expect(from).toMatchObject({ number: String(sent[pbx]), e164: n.e164 });
			expect(contact).toMatchObject({ number: String(sent[pbx]), e164: n.e164 });
		}
	});

	it('the user’s extension stays an extension', async () => {
		for (const pbx of ['voipcloud', '3cx'] as const) {
			const { to } = await parties(pbx, '+61298765432', 'AU');
			expect(to).toMatchObject({ number: '101', e164: null });
		}
	});

	it('without a country only the E.164 spelling converts', async () => {
		expect((await parties('voipcloud', '+61298765432')).contact.e164).toBe('+61298765432');
		expect((await parties('kompaas', 436641234567)).contact.e164).toBeNull();
		expect((await parties('3cx', '05552221133')).contact.e164).toBeNull();
	});
});
