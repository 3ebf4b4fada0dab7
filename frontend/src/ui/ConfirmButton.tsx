"use client";

import { useState } from "react";

import { Button, type ButtonProps } from "@/ui/Button";

/** A button that asks "are you sure?" in place, without a modal. */
export function ConfirmButton({
  children,
  confirmLabel,
  onConfirm,
  variant = "secondary",
  ...props
}: Omit<ButtonProps, "onClick"> & { confirmLabel: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant={variant} size="sm" onClick={() => setAsking(true)} {...props}>
        {children}
      </Button>
    );
  }
  return (
    <span className="inline-flex items-center gap-1.5">
      <Button
        variant="danger"
        size="sm"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        {...props}
      >
        {confirmLabel}
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
