//! Evaluate: rules' outcomes over resolved settings.
pub enum Outcome {
    NotApplicable,
}
