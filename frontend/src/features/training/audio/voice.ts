// The browser's own speech synthesis: the customer's voice when the server has none.

const supported = () => typeof window !== "undefined" && "speechSynthesis" in window;

/** Says `text` with the browser's voice, calling `onEnd` after; false when the browser has none. */
export function speakInBrowser(text: string, onEnd: () => void): boolean {
  if (!supported()) return false;
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = "en-US";
  utterance.onend = onEnd;
  utterance.onerror = onEnd;
  window.speechSynthesis.speak(utterance);
  return true;
}

export function stopBrowserVoice() {
  if (supported()) window.speechSynthesis.cancel();
}
