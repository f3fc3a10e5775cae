// The 3CX WebAPI add-on's addresses: its methods take the access key in the path, so the
// credential fills it in, and every text shown to the user has it removed.
/** Where the API key goes in a WebAPI path: `/webapi/{key}/makecall`. */
export const API_KEY_PLACEHOLDER = '{apiKey}';

/** A WebAPI method path; the credential puts the API key in place of the placeholder. */
export function webApiPath(method: string): string {
	return `/webapi/${API_KEY_PLACEHOLDER}/${method}`;
}

/** The text with the access key (the path segment after /webapi/) replaced by `***`. */
export function redactKey(text: string): string {
	return text.replace(/(\/webapi\/)(?!recording\/)[^/?#\s"']+/gi, '$1***');
}

/** The credential's Base URL, without the slashes at its end. */
export function baseUrlOf(credentials: { baseUrl?: unknown }): string {
	return String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/** A URL with a scheme, or protocol-relative (`//host/…`): HTTP clients ignore the base URL for both. */
export function isAbsoluteUrl(url: string): boolean {
	return /^([a-z][a-z\d+.-]*:)?\/\//i.test(url.trim());
}

/** Whether two URLs have the same scheme, host and port. */
export function sameOrigin(url: string, other: string): boolean {
	try {
		return new URL(url).origin === new URL(other).origin;
	} catch {
		return false;
	}
}
