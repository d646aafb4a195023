import datetime as dt

import pytest

from motcua.documents.formsets import (
    TT_01_2018,
    TT_03_2025,
    FormKind,
    FormNotInSetError,
    form_for,
    form_set_by_code,
    form_set_for,
)

LAST_DAY_OF_2018_SET = dt.date(2025, 9, 14)  # the eve of TT 03/2025/TT-VPCP's entry into force
FIRST_DAY_OF_2025_SET = dt.date(2025, 9, 15)


def test_dossiers_accepted_up_to_14_september_2025_use_the_tt_01_2018_set() -> None:
    assert form_set_for(LAST_DAY_OF_2018_SET) is TT_01_2018
    apology = form_for(FormKind.APOLOGY, LAST_DAY_OF_2018_SET)
    assert apology.title == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    assert apology.heading == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert form_for("control_slip", LAST_DAY_OF_2018_SET).number == "05"
    assert form_for("tracking_book", LAST_DAY_OF_2018_SET).number == "06"


def test_dossiers_accepted_under_nd_118_before_the_circular_keep_the_2018_forms() -> None:
    # NĐ 118/2025 is in force from 01/07/2025; TT 03/2025's forms only from 15/09/2025.
    for day in (dt.date(2025, 6, 30), dt.date(2025, 7, 1), dt.date(2025, 8, 20)):
        assert form_set_for(day) is TT_01_2018
    with pytest.raises(FormNotInSetError):
        form_for(FormKind.STOP, dt.date(2025, 7, 1))
    assert TT_01_2018.applies_until == dt.date(2025, 9, 14)
    assert TT_03_2025.applies_from == TT_03_2025.effective_from == dt.date(2025, 9, 15)


def test_dossiers_accepted_from_15_september_2025_use_the_tt_03_2025_set() -> None:
    assert form_set_for(FIRST_DAY_OF_2025_SET) is TT_03_2025
    apology = form_for(FormKind.APOLOGY, FIRST_DAY_OF_2025_SET)
    assert apology.title == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    assert form_for("stop", FIRST_DAY_OF_2025_SET).title == "Thông báo dừng giải quyết hồ sơ"
    assert form_for("control_slip", FIRST_DAY_OF_2025_SET).number == "06"
    assert form_for("tracking_book", FIRST_DAY_OF_2025_SET).number == "07"


def test_the_stop_notice_does_not_exist_before_tt_03_2025() -> None:
    with pytest.raises(FormNotInSetError, match="Thông tư số 01/2018/TT-VPCP không có mẫu 'stop'"):
        form_for(FormKind.STOP, LAST_DAY_OF_2018_SET)
    with pytest.raises(LookupError, match="chỉ có từ Thông tư số 03/2025/TT-VPCP"):
        form_for("stop", dt.date(2020, 3, 2))


def test_an_unknown_kind_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="'receipt_a5'"):
        form_for("receipt_a5", FIRST_DAY_OF_2025_SET)


def test_the_set_is_chosen_by_the_date_of_acceptance_not_a_datetime() -> None:
    with pytest.raises(TypeError):
        form_set_for(dt.datetime(2025, 7, 1, 8, 0))


def test_dossiers_accepted_before_tt_01_2018_took_effect_fall_back_to_it() -> None:
    assert form_set_for(dt.date(2018, 5, 2)) is TT_01_2018


def test_the_sets_have_six_and_seven_consecutively_numbered_forms() -> None:
    assert [form.number for form in TT_01_2018.forms.values()] == [f"0{n}" for n in range(1, 7)]
    assert [form.number for form in TT_03_2025.forms.values()] == [f"0{n}" for n in range(1, 8)]
    assert set(TT_03_2025.forms) == set(FormKind)
    assert set(TT_01_2018.forms) == set(FormKind) - {FormKind.STOP}


def test_each_form_carries_its_caption_and_legal_reference() -> None:
    receipt_2018 = TT_01_2018.form(FormKind.RECEIPT)
    assert receipt_2018.caption == (
        "Mẫu số 01\n(Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23 tháng 11 năm 2018 "
        "của Văn phòng Chính phủ)"
    )
    stop = TT_03_2025.form(FormKind.STOP)
    assert stop.legal_reference == (
        "Mẫu số 05 Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15 tháng 9 năm "
        "2025 của Văn phòng Chính phủ"
    )
    assert stop.key == "TT03_2025/05"
    assert TT_03_2025.applies_from == FIRST_DAY_OF_2025_SET
    assert TT_01_2018.applies_until == LAST_DAY_OF_2018_SET
    assert TT_03_2025.desk_label == "Bộ phận Một cửa"
    assert form_set_by_code("TT01_2018") is TT_01_2018


def test_forms_are_a4_portrait_except_the_tracking_book() -> None:
    for form_set in (TT_01_2018, TT_03_2025):
        for kind, form in form_set.forms.items():
            assert form.page.name == "A4"
            assert form.page.landscape is (kind is FormKind.TRACKING_BOOK)
            page = form.page
            margins = (page.margin_top, page.margin_bottom, page.margin_left, page.margin_right)
            assert margins == (20, 20, 30, 15)
