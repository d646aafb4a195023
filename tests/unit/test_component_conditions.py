import pytest

from motcua.domain.component_conditions import AUTHORISATION, component_condition


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("Biên bản về việc trẻ bị bỏ rơi (trường hợp trẻ bị bỏ rơi)", "Trường hợp trẻ bị bỏ rơi"),
        (
            "Văn bản xác nhận của cơ sở y tế đã thực hiện kỹ thuật hỗ trợ sinh sản "
            "(trường hợp mang thai hộ)",
            "Trường hợp mang thai hộ",
        ),
        (
            "Văn bản ủy quyền (được chứng thực; không phải chứng thực nếu người được ủy quyền là "
            "ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột)",
            AUTHORISATION,
        ),
        ("Văn bản ủy quyền của thân nhân liệt sĩ (nếu có)", "Nếu có"),
        (
            "Giấy tờ chứng minh nơi cư trú – chỉ khi không khai thác được từ CSDL quốc gia "
            "về dân cư",
            "Chỉ khi không khai thác được từ CSDL quốc gia về dân cư",
        ),
        (
            "Giấy tờ chứng minh nơi cư trú cuối cùng của người chết (chỉ khi không khai thác "
            "được từ CSDL)",
            "Chỉ khi không khai thác được từ CSDL",
        ),
        ("Bản sao giấy tờ liên quan đến khuyết tật (kết luận giám định y khoa…) nếu có", "Nếu có"),
        ("Báo cáo thành tích (đối với Giấy khen)", "Đối với Giấy khen"),
        # always needed: a rule in brackets ("nếu … thì …"), an alternative, no case at all
        (
            "Bản chính giấy tờ làm cơ sở để chứng thực bản sao (nếu chỉ xuất trình bản chính thì "
            "cơ quan chụp từ bản chính)",
            "",
        ),
        ("Giấy chứng sinh; nếu không có thì văn bản của người làm chứng", ""),
        ("Tờ khai đăng ký khai sinh theo mẫu", ""),
    ],
)
def test_the_case_is_read_from_the_catalogue_wording(name: str, condition: str) -> None:
    assert component_condition(name) == condition
