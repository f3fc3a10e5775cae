// What every credential form must give a user, checked the same way for each credential type:
// its name (the one the nodes ask for), a label, an icon for light and dark mode, a documentation
// page, a label for every field, the secrets
// masked, the fields n8n must insist on.
import type { ICredentialType, INodePropertyOptions } from 'n8n-workflow';

export interface ExpectedForm {
	/** The type name the nodes and transports ask n8n for. */
	name: string;
	/** Fields whose value is a secret: masked in the form. */
	secrets: string[];
	/** Fields n8n will not save empty. */
	required: string[];
}

export function expectUsableForm(credential: ICredentialType, expected: ExpectedForm): void {
	expect(credential.name).toBe(expected.name);
	expect(credential.displayName.trim()).not.toBe('');
	expect(credential.documentationUrl).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\/\S+$/);
	const icon = credential.icon as { light: string; dark: string };
	// n8n-node lint checks the files exist.
	expect(icon.light).toMatch(/^file:\.\.\/icons\/[a-z0-9]+\.svg$/);
	expect(icon.dark).toBe(icon.light.replace(/\.svg$/, '.dark.svg'));
	for (const property of credential.properties) {
		expect(property.name).not.toBe('');
		expect(property.displayName.trim()).not.toBe('');
		if (property.description !== undefined) expect(property.description.trim()).not.toBe('');
		if (property.placeholder !== undefined) expect(property.placeholder).toMatch(/^e\.g\. |^\d+$/);
		for (const option of (property.options ?? []) as INodePropertyOptions[]) {
			expect(option.name.trim()).not.toBe('');
			expect(String(option.value)).not.toBe('');
		}
	}
	const names = (keep: (property: ICredentialType['properties'][number]) => boolean) =>
		credential.properties.filter(keep).map((property) => property.name);
	expect(names((property) => property.typeOptions?.password === true)).toEqual(expected.secrets);
	expect(names((property) => property.required === true)).toEqual(expected.required);
	// A secret is text typed by hand, never shown, never prefilled.
	for (const property of credential.properties.filter((p) => expected.secrets.includes(p.name))) {
		expect(property).toMatchObject({ type: 'string', default: '' });
	}
}
