// The callback page's only script, kept static so the Content-Security-Policy can allow it by hash (no nonce, no
// 'unsafe-inline'). Its data travels in an HTML-escaped attribute: #patchbay-oauth-message[data-message].
import crypto from "node:crypto";

export const CALLBACK_MESSAGE_ID = "patchbay-oauth-message";

export const CALLBACK_SCRIPT =
  "(function(){try{var d=JSON.parse(document.getElementById('" +
  CALLBACK_MESSAGE_ID +
  "').getAttribute('data-message'));if(window.opener&&!window.opener.closed){window.opener.postMessage(d.message,d.origin);" +
  "setTimeout(function(){window.close()},d.closeAfterMs);}}catch(e){}})();";

/** CSP source expression for CALLBACK_SCRIPT. */
export const CALLBACK_SCRIPT_HASH = `'sha256-${crypto.createHash("sha256").update(CALLBACK_SCRIPT).digest("base64")}'`;
