namespace Market.Core.Playback;

/// <summary>Which of a record's timestamps decides the window it falls in.</summary>
public enum PlaybackClock
{
    /// <summary>Exchange time (<c>TsEvent</c>): what happened when, as the venue says; may run out of order.</summary>
    Event = 0,

    /// <summary>Receive time (<c>TsRecv</c>): what we knew when; never out of order along a journal.</summary>
    Receive = 1,
}
