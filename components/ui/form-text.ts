/** A text field's value from FormData ("" when absent; files never reach our text fields). */
export function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
