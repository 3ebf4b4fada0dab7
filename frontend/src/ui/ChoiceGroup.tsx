import { cx } from "./cx";

const LEGEND = "text-sm font-medium text-zinc-800 dark:text-zinc-200";
const CHOICE =
  "flex cursor-pointer rounded-lg border text-sm transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500";
const CHOSEN = "border-brand-500 bg-brand-50/60 dark:border-brand-400 dark:bg-brand-950/30";
const UNCHOSEN =
  "border-zinc-200 hover:border-zinc-300 dark:border-zinc-700 dark:hover:border-zinc-600";

const CARDS = {
  list: "space-y-2",
  choice: "items-start gap-3 px-3 py-2.5",
  input: "mt-0.5 accent-brand-600",
};
const TILES = {
  list: "grid grid-cols-3 gap-2",
  choice: "flex-col items-center gap-1.5 px-1.5 py-2",
  input: "sr-only",
};
const ROW = {
  list: "flex flex-wrap gap-2",
  choice: "items-center gap-2 px-3 py-1.5",
  input: "sr-only",
};
const LAYOUTS = { cards: CARDS, tiles: TILES, row: ROW };

/** A fieldset of radio buttons drawn as selectable cards. */
export function ChoiceGroup<T extends string, C extends { value: T; label: string }>({
  legend,
  name,
  choices,
  value,
  onChoose,
  layout: shape = "cards",
  legendHidden = false,
  renderChoice,
  children,
}: {
  legend: string;
  name: string;
  choices: readonly C[];
  value: T;
  onChoose: (value: T) => void;
  /** A list of cards; small tiles in a grid; or a row of compact choices (both tiles and row
   * hide the radio itself). */
  layout?: keyof typeof LAYOUTS;
  /** The legend for screen readers only, where the choices speak for themselves. */
  legendHidden?: boolean;
  renderChoice: (choice: C) => React.ReactNode;
  /** Shown below the choices. */
  children?: React.ReactNode;
}) {
  const layout = LAYOUTS[shape];
  return (
    <fieldset>
      <legend className={legendHidden ? "sr-only" : LEGEND}>{legend}</legend>
      <div className={cx(!legendHidden && "mt-2", layout.list)}>
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={cx(CHOICE, layout.choice, value === choice.value ? CHOSEN : UNCHOSEN)}
          >
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChoose(choice.value)}
              className={layout.input}
            />
            {renderChoice(choice)}
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}
