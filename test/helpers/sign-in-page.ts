/**
 * A minimal browser for the local service's authorization-code sign-in page: follows redirects by hand, keeps
 * cookies, signs in with the page's form and returns the redirect to the client's redirect URI (the callback URL
 * with `code` and `state`), for openid-client's authorizationCodeGrant.
 */
export async function signInOnPage(serviceUrl: string, authorizeUrl: URL, username: string, password: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), ...(cookie ? { cookie } : {}) } });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const i = pair!.indexOf('=');
      cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  const follow = async (res: Response): Promise<Response | URL> => {
    while (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.get('location')!, serviceUrl);
      if (location.origin !== serviceUrl) return location;
      res = await go(location.href);
    }
    return res;
  };
  const page = await follow(await go(authorizeUrl.href));
  if (page instanceof URL) throw new Error(`authorize redirected to ${page.href}`);
  const html = await page.text();
  const action = /action="([^"]+)"/.exec(html)![1]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const done = await follow(
    await go(`${serviceUrl}${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, username, password, action: 'login' }).toString(),
    }),
  );
  if (!(done instanceof URL)) throw new Error(`sign-in answered ${done.status}`);
  return done;
}
