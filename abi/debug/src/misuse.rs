//! What the debug context detects, and how each is worded. Every message
//! names the API function, the handle and where it came from, and says what
//! was expected instead.

use std::fmt;

/// What to do when a misuse is detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Print the report on stderr and abort the process.
    Abort,
    /// Raise the report as an exception (the API call fails).
    Raise,
}

/// One detected misuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Misuse {
    /// A value that is no handle of this debug context.
    NotAHandle { func: &'static str, arg: &'static str, value: isize },
    UseAfterClose { func: &'static str, arg: &'static str, handle: isize, opened_by: &'static str, closed_by: &'static str },
    /// An argument handle used after the call it was given for returned.
    ArgKept { func: &'static str, arg: &'static str, handle: isize },
    /// `HPy_Close` of a handle already closed.
    DoubleClose { handle: isize, opened_by: &'static str, closed_by: &'static str },
    /// `HPy_Close` of a context constant or of an argument handle.
    CloseBorrowed { handle: isize, constant: bool },
    /// A context constant or argument returned without `HPy_Dup`.
    ReturnedBorrowed { func: &'static str, constant: bool, handle: isize, opened_by: &'static str },
    /// The context used when no call from the backend is running.
    OutsideCall { func: &'static str },
    /// An API call from a thread that does not hold the runtime.
    ForeignThread { func: &'static str },
    /// A builder used after `Build` or `Cancel`, or unknown.
    Builder { func: &'static str, builder: isize, state: &'static str },
    /// A tracker used after `Close`, or unknown.
    Tracker { func: &'static str, tracker: isize },
    /// `_HPy_AsStruct_<Shape>` on an object whose type has another shape.
    WrongShape { func: &'static str, expected: &'static str, found: String },
    /// An HPyField the owner's type cannot show the GC, or loaded through
    /// an object that does not hold it (the backend says which).
    Field { func: &'static str, problem: String },
    /// An HPyGlobal never stored, or whose owner module died.
    Global { func: &'static str, problem: String },
    /// A non-type where a type is required.
    NotAType { func: &'static str, arg: &'static str, found: String },
}

impl fmt::Display for Misuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HPy debug mode: ")?;
        match self {
            Misuse::NotAHandle { func, arg, value } => write!(
                f,
                "{func}: argument '{arg}' is {value:#x}, not a handle of this debug context (a handle of another context, or garbage); expected a handle the context gave out"
            ),
            Misuse::UseAfterClose { func, arg, handle, opened_by, closed_by } => write!(
                f,
                "{func}: argument '{arg}' is handle {handle:#x}, already closed (opened by {opened_by}, closed by {closed_by}); expected an open handle"
            ),
            Misuse::ArgKept { func, arg, handle } => write!(
                f,
                "{func}: argument '{arg}' is handle {handle:#x}, an argument of a call that has returned; an argument handle lives only during its call: HPy_Dup it to keep it"
            ),
            Misuse::DoubleClose { handle, opened_by, closed_by } => write!(
                f,
                "HPy_Close: handle {handle:#x} is already closed (opened by {opened_by}, closed by {closed_by}); expected each handle closed once"
            ),
            Misuse::CloseBorrowed { handle, constant: true } => write!(
                f,
                "HPy_Close: handle {handle:#x} is a context constant (like ctx->h_None), which is never closed; close only handles you own (HPy_Dup a constant to get one)"
            ),
            Misuse::CloseBorrowed { handle, constant: false } => write!(
                f,
                "HPy_Close: handle {handle:#x} is an argument of the running call, which the caller owns; close only handles you own (HPy_Dup an argument to get one)"
            ),
            Misuse::ReturnedBorrowed { func, constant, handle, opened_by } => write!(
                f,
                "{func} returned handle {handle:#x}, {} (from {opened_by}) that it does not own; return HPy_Dup of it",
                if *constant { "a context constant" } else { "an argument" }
            ),
            Misuse::OutsideCall { func } => write!(
                f,
                "{func}: the context was used outside any call into the extension (a context kept from an earlier call?); use the context each function is given"
            ),
            Misuse::ForeignThread { func } => write!(
                f,
                "{func}: called from a thread that does not hold the runtime (the GIL); call the API only with the runtime held"
            ),
            Misuse::Builder { func, builder, state } => write!(
                f,
                "{func}: builder {builder:#x} {state}; a builder is used until one Build or Cancel, then never again"
            ),
            Misuse::Tracker { func, tracker } => write!(
                f,
                "{func}: tracker {tracker:#x} is closed or unknown; use a tracker from HPyTracker_New until HPyTracker_Close"
            ),
            Misuse::WrongShape { func, expected, found } => write!(
                f,
                "{func}: the object's type has builtin shape {found}; {func} is for types of shape {expected}"
            ),
            Misuse::Field { func, problem } => write!(
                f,
                "{func}: {problem}; {}",
                if *func == "HPyField_Load" {
                    "load a field through the object that holds it (a field copied out of an object dies with it)"
                } else {
                    "an object's HPyFields must all be visited by its type's HPy_tp_traverse, or the GC cannot see what they hold"
                }
            ),
            Misuse::Global { func, problem } => write!(
                f,
                "{func}: the global {problem}; load a global that was stored while its module lives"
            ),
            Misuse::NotAType { func, arg, found } => write!(f, "{func}: argument '{arg}' is a '{found}' object; expected a type"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_function_the_handle_and_what_was_expected() {
        let m = Misuse::UseAfterClose { func: "HPy_Add", arg: "h1", handle: 0x1a, opened_by: "HPyLong_FromLong", closed_by: "HPy_Close" };
        let text = m.to_string();
        for part in ["HPy_Add", "'h1'", "0x1a", "HPyLong_FromLong", "HPy_Close", "expected an open handle"] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        let m = Misuse::ReturnedBorrowed { func: "noargs", constant: true, handle: 0x6, opened_by: "the context" };
        assert!(m.to_string().contains("return HPy_Dup of it"));
    }
}
